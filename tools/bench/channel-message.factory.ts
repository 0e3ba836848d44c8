import { randomBytes, randomUUID } from 'node:crypto';
import type { Channel, ContactIdentity, InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';

/** One customer of the mix, with an identity for every channel (realistic ids of each kind). */
export interface MixContact {
  readonly tenantId: string;
  readonly index: number;
  readonly displayName: string;
  readonly email: string;
  readonly phone: string;
  readonly telegram: string;
  readonly messenger: string;
  readonly instagram: string;
  readonly chatUser: string;
}

/** Email threading of one message: its Message-ID and what it answers. */
export interface EmailThread {
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly subject: string;
}

export function mixContact(tenantId: string, index: number): MixContact {
  const digits = (width: number): string => String(index).padStart(width, '0');
  return {
    tenantId,
    index,
    displayName: `Customer ${index}`,
    email: `customer${index}@example.org`,
    // German mobile numbers (+49 151 and eight digits) are valid E.164 and "possible" numbers.
    phone: `+49151${digits(8)}`,
    telegram: String(700_000_000 + index),
    messenger: `65${digits(14)}`,
    instagram: `1784${digits(13)}`,
    chatUser: `user-${index}`,
  };
}

function senderIdentities(channel: Channel, contact: MixContact): ContactIdentity[] {
  switch (channel) {
    case 'email':
      return [{ kind: 'email', value: contact.email }];
    case 'voice':
    case 'sms':
      return [{ kind: 'phone', value: contact.phone }];
    case 'whatsapp':
      return [{ kind: 'whatsapp', value: contact.phone }];
    case 'telegram':
      return [{ kind: 'telegram', value: contact.telegram }];
    case 'messenger':
      return [{ kind: 'messenger', value: contact.messenger }];
    case 'instagram':
      return [{ kind: 'instagram', value: contact.instagram }];
    case 'chat':
      // A verified chat user vouches for the email and phone the app knows, as the fixture shows.
      return [
        { kind: 'chat-user', value: contact.chatUser, verified: true },
        { kind: 'email', value: contact.email },
        { kind: 'phone', value: contact.phone },
      ];
  }
}

function providerIds(channel: Channel, contact: MixContact, id: string): { providerMessageId: string; dedupeKey: string } {
  const compact = id.replace(/-/g, '');
  switch (channel) {
    case 'email':
      return { providerMessageId: `${id}@mail.example.org`, dedupeKey: `email:${id}@mail.example.org` };
    case 'voice':
      return { providerMessageId: `CA${compact}`, dedupeKey: `twilio:call:CA${compact}` };
    case 'sms':
      return { providerMessageId: `SM${compact}`, dedupeKey: `twilio:message:SM${compact}` };
    case 'chat':
      return { providerMessageId: `msg_${compact}`, dedupeKey: `chat:msg_${compact}` };
    case 'whatsapp':
      return { providerMessageId: `wamid.${compact}`, dedupeKey: `whatsapp-cloud:wamid.${compact}` };
    case 'telegram':
      return { providerMessageId: `${contact.telegram}:${compact}`, dedupeKey: `telegram:${contact.telegram}:${compact}` };
    case 'messenger':
      return { providerMessageId: `m_${compact}`, dedupeKey: `meta:messenger:m_${compact}` };
    case 'instagram':
      return { providerMessageId: compact, dedupeKey: `meta:instagram:${compact}` };
  }
}

/** A fresh W3C trace id: 32 random lower-case hex digits. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * One fresh message on `channel` from `contact`, shaped like the channel's fixture (what its ingest
 * produces) with new ids, a new trace id and the given text; emails carry `email` threading.
 */
export function channelMessage(channel: Channel, contact: MixContact, text: string, receivedAt: Date, email?: EmailThread): InboundMessageV1Input {
  const fixture = INBOUND_FIXTURES[channel];
  const messageId = randomUUID();
  const ids = providerIds(channel, contact, messageId);
  const identities = senderIdentities(channel, contact);
  const at = receivedAt.toISOString();
  const common = {
    ...fixture,
    messageId,
    tenantId: contact.tenantId,
    ...ids,
    receivedAt: at,
    sender: { identities, displayName: contact.displayName },
    text,
    traceId: newTraceId(),
  };
  switch (channel) {
    case 'email': {
      const thread = email ?? { messageId: ids.providerMessageId, references: [], subject: 'Question about my order' };
      return {
        ...common,
        providerMessageId: thread.messageId,
        dedupeKey: `email:${thread.messageId}`,
        sentAt: at,
        thread: { messageId: thread.messageId, references: [...thread.references], ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}) },
        subject: thread.subject,
        html: `<p>${text}</p>`,
        ...(thread.inReplyTo ? { quotedText: '> Thanks for reaching out, we are looking into it.' } : { quotedText: undefined }),
      };
    }
    case 'voice':
      return {
        ...common,
        voice: { callId: ids.providerMessageId, outcome: 'voicemail', durationSeconds: 20 + (contact.index % 40), transcript: { status: 'completed', text } },
      };
    case 'chat':
    case 'whatsapp':
    case 'telegram':
    case 'messenger':
    case 'instagram':
      return { ...common, thread: { conversationId: identities[0]?.value ?? contact.chatUser, references: [] } };
    case 'sms':
      return common;
  }
}
