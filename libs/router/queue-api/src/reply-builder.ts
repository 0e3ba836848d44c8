import { randomUUID } from 'node:crypto';
import { OutboundMessageV1, parseContract, type Channel, type InboundMessageV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { normalizeMessageId, subjectWithToken } from '@tributary/router-domain';

export interface ReplyRequest {
  readonly text: string;
  readonly authorId: string;
  readonly channel?: Channel | undefined;
}

/** Calls can't be answered by voice: a reply to a call goes out as an SMS to the caller's number. */
function replyChannel(channel: Channel): Channel {
  return channel === 'voice' ? 'sms' : channel;
}

/**
 * The reply to the customer's latest message, with what its channel needs to keep the thread: an
 * email continues In-Reply-To/References and carries the ticket token in its subject; chats
 * answer in the same conversation.
 */
export function buildReply(
  ticket: { id: string; tenantId: string; token: string },
  answered: InboundMessageV1Message,
  request: ReplyRequest,
  now: Date,
): OutboundMessageV1Message {
  const channel = replyChannel(answered.channel);
  const isEmail = channel === 'email';
  const parent = answered.thread.messageId ? normalizeMessageId(answered.thread.messageId) : undefined;
  const to = answered.sender.identities.find((identity) => (channel === 'sms' ? identity.kind === 'phone' : true)) ?? answered.sender.identities[0];
  return parseContract(OutboundMessageV1, {
    schemaVersion: 1,
    outboundId: randomUUID(),
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    channel,
    // The reply leaves the way the customer wrote (WhatsApp through Meta, a session or Twilio); how an
    // email arrived (IMAP, inbound SMTP) says nothing about how replies leave, so email takes its default.
    ...(isEmail ? {} : { provider: answered.provider }),
    to,
    from: answered.inbox,
    ...(isEmail ? { subject: subjectWithToken(/^re:/i.test(answered.subject ?? '') ? answered.subject : `Re: ${answered.subject ?? ''}`, ticket.token) } : {}),
    text: request.text,
    thread: isEmail
      ? { ...(parent ? { inReplyTo: parent } : {}), references: [...answered.thread.references.map(normalizeMessageId), ...(parent ? [parent] : [])] }
      : { references: [], ...(answered.thread.conversationId ? { conversationId: answered.thread.conversationId } : {}) },
    answering: { providerMessageId: answered.providerMessageId, receivedAt: answered.receivedAt },
    author: { kind: 'agent', id: request.authorId },
    autoSubmitted: false,
    requestedAt: now.toISOString(),
    traceId: answered.traceId,
  });
}
