import { deliveryHandoffRecord, inboundHandoffRecord, type DurableHandoff } from '@tributary/channel-kit';
import type { JsonLogger } from '@tributary/platform-observability';
import { whatsappWebDeliveryStatus } from './whatsapp-web-ack.mapper';
import type { WhatsappWebAck, WhatsappWebClientPort, WhatsappWebMessage } from './whatsapp-web-client.port';
import { phoneOfWhatsappWebId } from './whatsapp-web-id.util';
import { normalizeWhatsappWebMessage, normalizeWhatsappWebPhoneMessage, type WhatsappWebNormalizeContext, type WhatsappWebNormalized } from './whatsapp-web-message.normalizer';
import type { WhatsappWebSentMessagesPort } from './whatsapp-web-sent-message';

/** Ids kept to drop a message a Client emits twice; a repeat older than this reaches the router, which drops it. */
const RECENT_IDS = 10_000;

export interface WhatsappWebSessionEventsDependencies {
  readonly tenantId: string;
  readonly number: string;
  readonly handoff: Pick<DurableHandoff, 'handOff'>;
  readonly sentMessages: WhatsappWebSentMessagesPort;
  readonly logger: Pick<JsonLogger, 'event'>;
  /** Settles once the sends under way have been recorded: their own events may come before that. */
  readonly afterSends: () => Promise<void>;
  readonly now: () => Date;
}

/**
 * What one session does with its Client's message events: customers' messages are normalized and
 * handed off; so are messages typed on the phone (as `direction: 'outbound'`, the agent's side of
 * the customer's conversation); acks of Tributary's replies become delivery reports. Every handler
 * runs to its end here and logs its own failure, so no event can leave a rejection unhandled.
 */
export class WhatsappWebSessionEvents {
  private readonly recent = new Set<string>();
  private readonly lidPhones = new Map<string, string>();

  constructor(private readonly deps: WhatsappWebSessionEventsDependencies) {}

  attach(client: WhatsappWebClientPort): void {
    client.on('message', (message) => this.run('message', message, this.onMessage(client, message)));
    client.on('message_create', (message) => {
      if (message.fromMe) this.run('message_create', message, this.onOwnMessage(client, message));
    });
    client.on('message_ack', (message, ack) => {
      if (message.fromMe) this.run('message_ack', message, this.onAck(message, ack));
    });
  }

  private run(event: string, message: WhatsappWebMessage, work: Promise<void>): void {
    work.catch((error: unknown) =>
      this.deps.logger.event('error', 'WhatsappWebSession', `could not handle a ${event} event`, { number: this.deps.number, messageId: message.id._serialized, error }),
    );
  }

  private async onMessage(client: WhatsappWebClientPort, message: WhatsappWebMessage): Promise<void> {
    await this.handOffOnce(message, () => normalizeWhatsappWebMessage(message, this.normalizeContext(client)));
  }

  private async onOwnMessage(client: WhatsappWebClientPort, message: WhatsappWebMessage): Promise<void> {
    // Tributary's own sends are recorded before their events are looked at: those are not "from the phone".
    await this.deps.afterSends();
    if (await this.deps.sentMessages.find(this.deps.number, message.id.id)) return;
    await this.handOffOnce(message, () => normalizeWhatsappWebPhoneMessage(message, this.normalizeContext(client)));
  }

  private normalizeContext(client: WhatsappWebClientPort): WhatsappWebNormalizeContext {
    return { tenantId: this.deps.tenantId, number: this.deps.number, receivedAt: this.deps.now(), phoneOfLid: (lid) => this.phoneOfLid(client, lid) };
  }

  private async handOffOnce(message: WhatsappWebMessage, normalize: () => Promise<WhatsappWebNormalized>): Promise<void> {
    const id = message.id._serialized;
    if (this.recent.has(id)) return;
    this.remember(id);
    try {
      const normalized = await normalize();
      if (normalized.kind === 'ignored') {
        const level = normalized.reason === 'sender-unresolved' ? 'error' : 'info';
        this.deps.logger.event(level, 'WhatsappWebSession', 'message not handed off', { number: this.deps.number, messageId: id, reason: normalized.reason, detail: normalized.detail });
        return;
      }
      await this.deps.handoff.handOff(inboundHandoffRecord(normalized.message));
    } catch (error) {
      // Forgotten again, so the same message emitted later (a re-sync) gets another chance.
      this.recent.delete(id);
      throw error;
    }
  }

  private async onAck(message: WhatsappWebMessage, ack: WhatsappWebAck): Promise<void> {
    await this.deps.afterSends();
    const sent = await this.deps.sentMessages.find(this.deps.number, message.id.id);
    // Acks of messages typed on the phone belong to no reply.
    if (sent === undefined) return;
    const status = whatsappWebDeliveryStatus(sent, ack, this.deps.now());
    if (status) await this.deps.handoff.handOff(deliveryHandoffRecord(status));
  }

  private async phoneOfLid(client: WhatsappWebClientPort, lid: string): Promise<string | undefined> {
    const known = this.lidPhones.get(lid);
    if (known) return known;
    try {
      const [answer] = await client.getContactLidAndPhone([lid]);
      const phone = answer?.pn ? phoneOfWhatsappWebId(answer.pn) : undefined;
      if (phone) this.lidPhones.set(lid, phone);
      return phone;
    } catch (error) {
      this.deps.logger.event('warn', 'WhatsappWebSession', 'could not map a @lid to its number', { number: this.deps.number, lid, error });
      return undefined;
    }
  }

  private remember(id: string): void {
    this.recent.add(id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next();
      if (oldest.done !== true) this.recent.delete(oldest.value);
    }
  }
}
