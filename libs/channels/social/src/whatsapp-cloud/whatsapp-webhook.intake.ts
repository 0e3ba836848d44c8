import { deliveryHandoffRecord, inboundHandoffRecord, WebhookError, WebhookErrorCode, type DurableHandoff, type HandoffRecord, type MediaIntake } from '@tributary/channel-kit';
import type { WhatsappNumber } from './whatsapp-cloud-config.schema';
import { normalizeWhatsappMessage } from './whatsapp-message.normalizer';
import { whatsappDeliveryStatus } from './whatsapp-status.mapper';
import { WhatsappChangeValueSchema, WhatsappWebhookSchema, type WhatsappChangeValue } from './whatsapp-webhook.schema';

export interface WhatsappWebhookIntakeOptions {
  readonly numbers: ReadonlyMap<string, WhatsappNumber>;
  /** `{graph}/{version}/{media-id}`: where a media id is turned into its download URL. */
  readonly mediaUrl: (mediaId: string) => string;
  readonly now?: () => Date;
}

export interface WhatsappWebhookOutcome {
  readonly messages: number;
  readonly statuses: number;
  /** Statuses of messages Tributary did not send, or of states the contract does not model. */
  readonly ignored: number;
}

/**
 * One verified WhatsApp Cloud API webhook: every message and status in its entries, handed off before
 * the 200. The whole webhook is checked before anything is handed off, and refused (400) when any part
 * is unusable — a number this deployment does not serve, a message without a sender — so Meta keeps
 * retrying it (for up to 7 days) while an operator fixes the cause, instead of part of it being lost.
 * Repeats are harmless: every record's id is derived from WhatsApp's ids.
 */
export class WhatsappWebhookIntake {
  private readonly now: () => Date;

  constructor(
    private readonly handoff: DurableHandoff,
    private readonly media: MediaIntake,
    private readonly options: WhatsappWebhookIntakeOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async receive(body: unknown): Promise<WhatsappWebhookOutcome> {
    const webhook = WhatsappWebhookSchema.safeParse(body);
    if (!webhook.success) throw invalid(`not a WhatsApp Business Account webhook: ${firstIssue(webhook.error.issues)}`);
    const values = webhook.data.entry.flatMap((entry) => entry.changes.filter((change) => change.field === 'messages').map((change) => parseValue(change.value)));
    const receivedAt = this.now();
    const prepared = values.map((value) => ({ value, number: this.numberOf(value) }));
    const messages = prepared.flatMap(({ value, number }) =>
      (value.messages ?? []).map((message) => normalizeWhatsappMessage(value, message, { tenantId: number.tenantId, receivedAt, mediaUrl: this.options.mediaUrl })),
    );
    const statuses = values.flatMap((value) => value.statuses ?? []);
    const reports = statuses.flatMap((status) => {
      const report = whatsappDeliveryStatus(status);
      return report ? [report] : [];
    });

    // All messages' media at once, so a batch takes one media deadline, not one per message; the
    // retries they need are queued before this returns, so a message may say "pending" after it.
    const collected = await Promise.all(
      messages.map(({ message, media }) =>
        this.media.collect({ messageId: message.messageId, tenantId: message.tenantId, channel: 'whatsapp', provider: 'whatsapp-cloud', traceId: message.traceId }, media),
      ),
    );
    const records: HandoffRecord[] = [
      ...messages.map(({ message }, index) => {
        const { attachments, pendingAttachments } = collected[index] ?? { attachments: [], pendingAttachments: [] };
        return inboundHandoffRecord({ ...message, attachments, ...(pendingAttachments.length > 0 ? { pendingAttachments } : {}) });
      }),
      ...reports.map((report) => deliveryHandoffRecord(report)),
    ];
    // Together, so the kit's publisher batches them; the hand-off still keeps each sender's order.
    await Promise.all(records.map((record) => this.handoff.handOff(record)));
    return { messages: messages.length, statuses: reports.length, ignored: statuses.length - reports.length };
  }

  private numberOf(value: WhatsappChangeValue): WhatsappNumber {
    const number = this.options.numbers.get(value.metadata.phone_number_id);
    if (number === undefined) {
      throw invalid(`phone-number id ${value.metadata.phone_number_id} (${value.metadata.display_phone_number}) is not in WHATSAPP_CLOUD_NUMBERS; Meta retries this webhook until it is`);
    }
    return number;
  }
}

function parseValue(raw: unknown): WhatsappChangeValue {
  const value = WhatsappChangeValueSchema.safeParse(raw);
  if (!value.success) throw invalid(`a "messages" change is not WhatsApp's: ${firstIssue(value.error.issues)}`);
  return value.data;
}

function firstIssue(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string {
  const issue = issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'invalid';
}

function invalid(message: string): WebhookError {
  return new WebhookError(WebhookErrorCode.PayloadInvalid, message);
}
