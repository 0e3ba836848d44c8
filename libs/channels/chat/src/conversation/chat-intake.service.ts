import { inboundHandoffRecord, type DurableHandoff } from '@tributary/channel-kit';
import type { AttachmentRef } from '@tributary/contracts';
import type { ChatTenant } from '../identity/chat-tenant';
import { IntakeGate } from '../limits/intake-gate';
import type { Visitor } from '../identity/visitor';
import type { ChatEntriesPort } from '../persistence/chat-entries.port';
import { ChatErrorCode, type ServerFrame } from '../protocol/server-frame';
import type { ChatConnectionHub } from '../socket/chat-connection-hub';
import { chatEntryEvent } from './chat-entry-event.util';
import { chatInboundMessage, chatMessageIds } from './chat-inbound.builder';

export interface ChatVisitorMessage {
  readonly tenant: ChatTenant;
  readonly visitor: Visitor;
  readonly conversationId: string;
  readonly clientMessageId: string;
  readonly text: string;
  /**
   * Uploads the message references. Not stored with the entry: a resend of the same client message
   * id carries them again, and a message already handed off is never rebuilt.
   */
  readonly attachments: readonly AttachmentRef[];
  /** The offline form's email, as the visitor typed it (unverified). */
  readonly contactEmail?: string;
}

/**
 * A visitor's message: stored once per (conversation, client message id), handed off to Kafka
 * once, and acknowledged to the widget only after the hand-off. A resend of a message already handed
 * off is acknowledged at once and produces nothing; one whose hand-off failed is handed off now.
 * Two sockets of one replica resending at once share one hand-off; two replicas may both hand it
 * off, and the router stores it once by its dedupe key. At most the gate's number of messages are
 * stored at once; the rest wait in line, and past the line's limit a message is refused with when
 * to send it again.
 */
export class ChatIntake {
  private readonly inFlight = new Map<string, Promise<ServerFrame>>();

  constructor(
    private readonly entries: ChatEntriesPort,
    private readonly handoff: Pick<DurableHandoff, 'handOff'>,
    private readonly hub: ChatConnectionHub,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly gate = new IntakeGate(8, 1_000),
  ) {}

  receive(message: ChatVisitorMessage): Promise<ServerFrame> {
    const key = `${message.conversationId}:${message.clientMessageId}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const entered = this.gate.enter();
    if (!entered) {
      return Promise.resolve(unavailable(message.clientMessageId, 'busy', this.gate.retryAfterMs()));
    }
    const work = entered
      .then(async (release) => {
        try {
          return await this.store(message);
        } finally {
          release();
        }
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  private async store(message: ChatVisitorMessage): Promise<ServerFrame> {
    const { messageId } = chatMessageIds(message.tenant.tenantId, message.conversationId, message.clientMessageId);
    try {
      const { entry, created } = await this.entries.recordVisitorMessage({ conversationId: message.conversationId, clientMessageId: message.clientMessageId, messageId, text: message.text });
      if (entry.handedOffAt === null) {
        await this.handoff.handOff(inboundHandoffRecord(chatInboundMessage(message.tenant, message.visitor, entry, message.attachments, message.contactEmail)));
        await this.entries.markHandedOff(entry.conversationId, entry.seq);
      }
      // The visitor's other tabs show it too; the sending tab matches it to its copy by the client id.
      if (created) this.hub.push(entry.conversationId, chatEntryEvent(entry));
      return { type: 'ack', clientMessageId: message.clientMessageId, seq: entry.seq, messageId: entry.messageId };
    } catch (error) {
      this.onError(error);
      return unavailable(message.clientMessageId, 'not stored yet', Math.max(2_000, this.gate.retryAfterMs()));
    }
  }
}

/** A message not taken now: the widget keeps it and sends it again, same id, after `retryAfterMs`. */
function unavailable(clientMessageId: string, why: string, retryAfterMs: number): ServerFrame {
  return { type: 'error', code: ChatErrorCode.Unavailable, message: `${why}: send it again later with the same clientMessageId`, clientMessageId, retryAfterMs };
}
