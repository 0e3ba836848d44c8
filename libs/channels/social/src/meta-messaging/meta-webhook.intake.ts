import { deliveryHandoffRecord, inboundHandoffRecord, WebhookError, WebhookErrorCode, type DurableHandoff, type HandoffRecord, type MediaIntake } from '@tributary/channel-kit';
import type { MetaAccount } from './meta-messaging-config.schema';
import { normalizeMetaCustomerEvent, normalizeMetaEcho, type NormalizedMetaMessage } from './meta-event.normalizer';
import type { MetaSentMessagesPort } from './meta-sent-message';
import { MetaWatermarkMapper, type MappedWatermark } from './meta-watermark.mapper';
import { z } from 'zod';
import { MetaMessagingEventSchema, MetaWebhookSchema, type MetaMessagingEvent } from './meta-webhook.schema';
import { decodeReplyMetadata } from './reply-metadata.util';

export interface MetaWebhookIntakeOptions {
  /** META_PAGES: the page or Instagram account of each webhook entry. */
  readonly accounts: ReadonlyMap<string, MetaAccount>;
  readonly now?: () => Date;
}

export interface MetaWebhookOutcome {
  /** The customers' messages, postbacks, reactions and edits. */
  readonly messages: number;
  /** Echoes of messages written outside Tributary, handed off as outbound records. */
  readonly echoes: number;
  /** Echoes of Tributary's own replies, dropped (the reply is on the ticket already). */
  readonly ownEchoes: number;
  readonly statuses: number;
  /** Events Tributary does not read (opt-ins, referrals, handovers) and watermarks covering nothing new. */
  readonly ignored: number;
}

/**
 * Events addressed by scoped ids. Others (a checkbox-plugin opt-in names its sender by `user_ref`)
 * are no conversation with a customer yet, and are passed over rather than refused.
 */
const AddressedSchema = z.object({ sender: z.object({ id: z.string() }), recipient: z.object({ id: z.string() }) });

interface EntryEvent {
  readonly account: MetaAccount;
  readonly accountId: string;
  readonly event: MetaMessagingEvent;
}

/**
 * One verified Messenger or Instagram webhook: every event of every entry, handed off before the 200.
 * The whole webhook is checked first and refused (400) when any part is unusable — an account this
 * deployment does not serve, an event not Meta's shape — so Meta retries it (for up to 7 days) while
 * an operator fixes the cause, instead of part of it being lost. Repeats are harmless: every record's
 * id is derived from Meta's ids.
 */
export class MetaWebhookIntake {
  private readonly now: () => Date;
  private readonly watermarks: MetaWatermarkMapper;

  constructor(
    private readonly handoff: DurableHandoff,
    private readonly media: MediaIntake,
    private readonly sent: MetaSentMessagesPort,
    private readonly options: MetaWebhookIntakeOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.watermarks = new MetaWatermarkMapper(sent);
  }

  async receive(body: unknown): Promise<MetaWebhookOutcome> {
    const { events, unaddressed } = this.parse(body);
    const receivedAt = this.now();
    // In Meta's order, customers' messages and the business's echoes together: one conversation's order holds.
    const messages: NormalizedMetaMessage[] = [];
    let echoes = 0;
    const marks: MappedWatermark[] = [];
    let ownEchoes = 0;
    let ignored = unaddressed;
    for (const { account, accountId, event } of events) {
      const context = { accountId, tenantId: account.tenantId, channel: account.channel, receivedAt };
      const message = event.message;
      if (message?.is_echo === true) {
        // Ours by the metadata we sent (even before the Send API answered), or by the id we recorded.
        const ours = decodeReplyMetadata(message.metadata) !== undefined || (await this.sent.find(accountId, message.mid)) !== undefined;
        if (ours) ownEchoes += 1;
        else {
          messages.push(normalizeMetaEcho(event, message, context));
          echoes += 1;
        }
        continue;
      }
      const normalized = normalizeMetaCustomerEvent(event, context);
      if (normalized !== undefined) {
        messages.push(normalized);
        continue;
      }
      const mark = event.delivery !== undefined || event.read !== undefined ? await this.watermarks.map(accountId, event) : undefined;
      if (mark !== undefined && mark.statuses.length > 0) marks.push(mark);
      else ignored += 1;
    }

    // All messages' media at once, so a batch takes one media deadline, not one per message.
    const collected = await Promise.all(
      messages.map(({ message, media }) =>
        this.media.collect({ messageId: message.messageId, tenantId: message.tenantId, channel: message.channel, provider: 'meta', traceId: message.traceId }, media),
      ),
    );
    const statuses = marks.flatMap((mark) => mark.statuses);
    const records: HandoffRecord[] = [
      ...messages.map(({ message }, index) => {
        const { attachments, pendingAttachments } = collected[index] ?? { attachments: [], pendingAttachments: [] };
        return inboundHandoffRecord({ ...message, attachments, ...(pendingAttachments.length > 0 ? { pendingAttachments } : {}) });
      }),
      ...statuses.map((status) => deliveryHandoffRecord(status)),
    ];
    // Together, so the kit's publisher batches them; the hand-off still keeps each sender's order.
    await Promise.all(records.map((record) => this.handoff.handOff(record)));
    // Only once Kafka has them: a failure before this leaves them unreported, and Meta's retry maps them again.
    for (const mark of marks) await mark.commit();
    return { messages: messages.length - echoes, echoes, ownEchoes, statuses: statuses.length, ignored };
  }

  /** Every event of the webhook with its account, or a refusal naming the first unusable part. */
  private parse(body: unknown): { events: EntryEvent[]; unaddressed: number } {
    const webhook = MetaWebhookSchema.safeParse(body);
    if (!webhook.success) throw invalid(`not a Messenger or Instagram webhook: ${firstIssue(webhook.error.issues)}`);
    const channel = webhook.data.object === 'page' ? 'messenger' : 'instagram';
    const events: EntryEvent[] = [];
    let unaddressed = 0;
    for (const entry of webhook.data.entry) {
      const account = this.options.accounts.get(entry.id);
      if (account === undefined) throw invalid(`account ${entry.id} is not in META_PAGES; Meta retries this webhook until it is`);
      if (account.channel !== channel) throw invalid(`account ${entry.id} is configured as ${account.channel} in META_PAGES, but Meta sent it as object "${webhook.data.object}"`);
      for (const [index, raw] of [...(entry.messaging ?? []), ...(entry.standby ?? [])].entries()) {
        if (!AddressedSchema.safeParse(raw).success) {
          unaddressed += 1;
          continue;
        }
        const event = MetaMessagingEventSchema.safeParse(raw);
        if (!event.success) throw invalid(`event ${index} of account ${entry.id} is not Meta's: ${firstIssue(event.error.issues)}`);
        events.push({ account, accountId: entry.id, event: event.data });
      }
    }
    return { events, unaddressed };
  }
}

function firstIssue(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string {
  const issue = issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'invalid';
}

function invalid(message: string): WebhookError {
  return new WebhookError(WebhookErrorCode.PayloadInvalid, message);
}
