import type { ChannelSender } from '@tributary/channel-kit';
import { stableUuid, type DeliveryError, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { z } from 'zod';
import type { MetaAccount } from './meta-messaging-config.schema';
import { metaMessagingType } from './meta-messaging-window.util';
import { classifyMetaSendError, MetaGraphErrorBodySchema } from './meta-send-error.util';
import type { MetaSentMessagesPort } from './meta-sent-message';
import { encodeReplyMetadata } from './reply-metadata.util';

/** Past this a call is abandoned and the reply retried, rather than holding the reply loop. */
const TIMEOUT_MS = 10_000;

/** The Send API's answer: `{ recipient_id, message_id }` (Send API reference; recipient_id absent for user_ref sends). */
const SentSchema = z.object({ recipient_id: z.string().max(64).optional(), message_id: z.string().min(1).max(998) });

export interface MetaReplySenderOptions {
  /** e.g. https://graph.facebook.com (no trailing slash); the local emulation in tests. */
  readonly graphBaseUrl: string;
  readonly apiVersion: string;
  /** META_PAGES: a reply's `from.address` is the page or Instagram account id it leaves from. */
  readonly accounts: ReadonlyMap<string, MetaAccount>;
  /** The page access token for an account id, asked per send so tokens may rotate. */
  readonly pageToken: (accountId: string) => string | undefined;
  readonly sent: MetaSentMessagesPort;
  readonly now?: () => Date;
}

/**
 * Sends an agent's reply to Messenger or Instagram through the Send API (`POST /{version}/me/messages`
 * with the page token, which serves a page's Messenger conversations and its linked Instagram
 * account's alike). The message carries Tributary's outbound id in `metadata`, which Meta echoes, so
 * the echo of this send is dropped however early it comes. Meta's id is recorded with the send time
 * before the status is returned, for delivery and read watermarks. Refusals about the customer or the
 * window are `failed`; our token, permissions, throttling and Meta's outages throw, so it is retried.
 */
export class MetaReplySender implements ChannelSender {
  readonly channels = ['messenger', 'instagram'] as const;
  readonly provider = 'meta';
  private readonly now: () => Date;

  constructor(private readonly options: MetaReplySenderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const accountId = outbound.from.address;
    const account = this.options.accounts.get(accountId);
    if (account === undefined || account.tenantId !== outbound.tenantId || account.channel !== outbound.channel) {
      return this.status(outbound, 'failed', undefined, { code: 'UNKNOWN_SENDER', message: `${accountId} is not a ${outbound.channel} account of tenant ${outbound.tenantId} (META_PAGES)` });
    }
    if (outbound.to.kind !== outbound.channel) {
      return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: `cannot reach a ${outbound.to.kind} identity through ${outbound.channel}` });
    }
    const startedAt = this.now();
    const decision = metaMessagingType(outbound, account, startedAt);
    if (decision.kind === 'refuse') return this.status(outbound, 'failed', undefined, { code: decision.code, message: decision.message });
    const token = this.options.pageToken(accountId);
    // A page without a token is a configuration error (configProblems refuses it at boot): retried once fixed.
    if (token === undefined) throw new Error(`no page token for ${accountId} in META_PAGE_TOKENS; the reply will be retried`);

    const recipientId = outbound.to.value;
    const response = await fetch(`${this.options.graphBaseUrl}/${this.options.apiVersion}/me/messages`, {
      method: 'POST',
      // The token in a header, never in the URL, where proxies and error messages would log it.
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: recipientId }, ...decision.fields, message: { text: outbound.text, metadata: encodeReplyMetadata(outbound.outboundId) } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const sent = SentSchema.safeParse(body);
      if (!sent.success) throw new Error(`Meta accepted a reply without a message id (HTTP ${response.status})`);
      const messageId = sent.data.message_id;
      // Before the status leaves: a watermark or echo for this message may already be on its way.
      await this.options.sent.record({
        accountId, messageId, recipientId, channel: account.channel,
        outboundId: outbound.outboundId, tenantId: outbound.tenantId, ticketId: outbound.ticketId, traceId: outbound.traceId, sentAt: startedAt,
      });
      return this.status(outbound, 'sent', messageId);
    }
    const refused = MetaGraphErrorBodySchema.safeParse(body);
    const outcome = classifyMetaSendError(response.status, refused.success ? refused.data : undefined);
    if (outcome.kind === 'retry') throw new Error(`Meta answered HTTP ${response.status} to a reply (${outcome.reason}); it will be retried`);
    const { kind: _failed, ...error } = outcome;
    return this.status(outbound, 'failed', undefined, error);
  }

  private status(outbound: OutboundMessageV1Message, state: 'sent' | 'failed', providerMessageId?: string, error?: DeliveryError): DeliveryStatusV1Message {
    return {
      schemaVersion: 1,
      statusId: stableUuid('meta-send', outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: outbound.channel,
      provider: 'meta',
      ...(providerMessageId ? { providerMessageId } : {}),
      state,
      ...(error ? { error } : {}),
      occurredAt: this.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}
