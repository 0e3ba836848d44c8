import { deliveryHandoffRecord, type DurableHandoff } from '@tributary/channel-kit';
import type { JsonLogger } from '@tributary/platform-observability';
import type { WhatsappWebClientPort } from './whatsapp-web-client.port';
import { whatsappWebErrorReason } from './whatsapp-web-error-reason.util';
import { whatsappWebChatIdOf } from './whatsapp-web-id.util';
import type { WhatsappWebPendingRepliesPort, WhatsappWebPendingReplyOutcome, WhatsappWebQueuedReply } from './whatsapp-web-pending-reply';
import { whatsappWebSendStatus } from './whatsapp-web-send-status.util';

/** Tries WhatsApp may refuse a stored reply (its Client up and connected) before it is reported failed. */
export const WHATSAPP_WEB_PENDING_REPLY_ATTEMPTS = 3;

export interface WhatsappWebPendingRepliesDrainerDependencies {
  readonly number: string;
  readonly pendingReplies: WhatsappWebPendingRepliesPort;
  /** Where a reply failed for good is reported, as acks are. */
  readonly handoff: Pick<DurableHandoff, 'handOff'>;
  readonly logger: Pick<JsonLogger, 'event'>;
  readonly now: () => Date;
  readonly pollMs: number;
  /**
   * Counts a send as under way until it settles: the session's own `message_create` events wait for
   * it, and here it settles once the sent message is recorded (committed with the reply's row).
   */
  readonly track: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * Sends, through the ready Client of the replica holding the number, the replies other replicas (or
 * this one while not ready) stored for it: at once when the Client becomes ready, then every
 * `pollMs`, one drain at a time. A send that fails because the Client went away leaves the reply for
 * the next Client; one WhatsApp refuses is tried again, and reported `failed` after the last try.
 */
export class WhatsappWebPendingRepliesDrainer {
  private active: WhatsappWebClientPort | undefined;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;

  constructor(private readonly deps: WhatsappWebPendingRepliesDrainerDependencies) {}

  /** Starts draining for a Client that just became ready. */
  run(client: WhatsappWebClientPort): void {
    this.halt();
    this.active = client;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.deps.pollMs);
  }

  /** Takes no further reply (the one being sent finishes, or fails as its Client closes). */
  halt(): void {
    this.active = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Settles once no drain runs, or after `timeoutMs` (a send hung in a closed browser must not hold the session). */
  async idle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.draining, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private kick(): void {
    const client = this.active;
    if (client === undefined || this.draining !== undefined) return;
    this.draining = this.drain(client)
      .catch((error: unknown) => this.log('warn', 'could not take the replies stored for this number; trying again', { error }))
      .finally(() => (this.draining = undefined));
  }

  private async drain(client: WhatsappWebClientPort): Promise<void> {
    while (this.active === client) {
      const outcome = await this.deps.track(() => this.deps.pendingReplies.takeNext(this.deps.number, (reply) => this.sendOne(client, reply)));
      // A refused try waits for the next poll; a Client going away, for the next Client.
      if (outcome === undefined || outcome.kind === 'deferred' || outcome.kind === 'attempt-failed') return;
    }
  }

  private async sendOne(client: WhatsappWebClientPort, reply: WhatsappWebQueuedReply): Promise<WhatsappWebPendingReplyOutcome> {
    if (this.active !== client) return { kind: 'deferred' };
    try {
      const sent = await client.sendMessage(whatsappWebChatIdOf(reply.recipient), reply.text, reply.quotedMessageId ? { quotedMessageId: reply.quotedMessageId } : {});
      this.log('info', 'stored reply sent', { outboundId: reply.outboundId, messageId: sent.id._serialized });
      const { outboundId, tenantId, ticketId, traceId } = reply;
      return { kind: 'sent', sent: { number: this.deps.number, keyId: sent.id.id, messageId: sent.id._serialized, outboundId, tenantId, ticketId, traceId } };
    } catch (error) {
      const reason = whatsappWebErrorReason(error);
      if (!(await this.stillConnected(client))) {
        this.log('warn', 'stored reply not sent: the Client went away; the next one sends it', { outboundId: reply.outboundId, reason });
        return { kind: 'deferred' };
      }
      const attempts = reply.attempts + 1;
      if (attempts < WHATSAPP_WEB_PENDING_REPLY_ATTEMPTS) {
        this.log('warn', 'WhatsApp refused a stored reply; trying again', { outboundId: reply.outboundId, reason, attempts });
        return { kind: 'attempt-failed', error: reason };
      }
      const message = `WhatsApp refused the reply ${attempts} times: ${reason}`;
      // Reported before the row is closed: a report that cannot be handed off leaves the reply to try again.
      await this.deps.handoff.handOff(deliveryHandoffRecord(whatsappWebSendStatus(reply, 'failed', this.deps.now(), { error: { code: 'SEND_FAILED', message } })));
      this.log('error', 'stored reply failed for good', { outboundId: reply.outboundId, reason, attempts });
      return { kind: 'failed', error: message };
    }
  }

  private async stillConnected(client: WhatsappWebClientPort): Promise<boolean> {
    if (this.active !== client) return false;
    try {
      return (await client.getState()) === 'CONNECTED';
    } catch {
      return false;
    }
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>): void {
    this.deps.logger.event(level, 'WhatsappWebSession', msg, { number: this.deps.number, ...fields });
  }
}
