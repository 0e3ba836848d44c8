import type { ChannelSender } from '@tributary/channel-kit';
import { stableUuid, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { z } from 'zod';
import type { WhatsappNumber } from './whatsapp-cloud-config.schema';
import { GraphErrorBodySchema, graphErrorReason, isRetriedGraphError } from './graph-api-error.util';
import { encodeReplyCallbackData } from './reply-callback-data.util';

/** Past this an API call is abandoned and the reply retried, rather than holding the reply loop. */
const TIMEOUT_MS = 10_000;
/** WhatsApp's customer-service window: free-form messages only this long after the customer's last one. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Meta's own code for a free-form message outside the window, so the ticket shows the same reason either way. */
export const WINDOW_CLOSED_CODE = '131047';

const SentSchema = z.object({ messages: z.array(z.object({ id: z.string().min(1).max(998) })).min(1) });

export interface WhatsappCloudReplySenderOptions {
  /** e.g. https://graph.facebook.com (no trailing slash); the local emulation in tests. */
  readonly graphBaseUrl: string;
  readonly apiVersion: string;
  readonly accessToken: () => string;
  /** The configured business numbers by phone-number id (a reply's `from.address`). */
  readonly numbers: ReadonlyMap<string, WhatsappNumber>;
  readonly now?: () => Date;
}

/**
 * Sends an agent's reply through `POST /{version}/{phone-number-id}/messages`. Inside the customer's
 * 24-hour window it is a text answering the customer's message (WhatsApp shows it quoted); outside it,
 * the number's re-engagement template is sent instead, or the reply fails on the ticket with WhatsApp's
 * own reason (131047) without calling Meta, since Meta would accept it and fail it later. Refusals of
 * the message are `failed`; our token, throttling and Meta's outages throw, so the reply is retried.
 */
export class WhatsappCloudReplySender implements ChannelSender {
  readonly channels = ['whatsapp'] as const;
  readonly provider = 'whatsapp-cloud';
  private readonly now: () => Date;

  constructor(private readonly options: WhatsappCloudReplySenderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const number = this.options.numbers.get(outbound.from.address);
    if (number === undefined || number.tenantId !== outbound.tenantId) {
      return this.status(outbound, 'failed', undefined, { code: 'UNKNOWN_SENDER', message: `${outbound.from.address} is not a WhatsApp number of tenant ${outbound.tenantId} (WHATSAPP_CLOUD_NUMBERS)` });
    }
    const recipient = recipientOf(outbound);
    if (recipient === undefined) {
      return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: `cannot reach a ${outbound.to.kind} identity through WhatsApp` });
    }
    const content = this.contentFor(outbound, number);
    if (content === undefined) {
      return this.status(outbound, 'failed', undefined, {
        code: WINDOW_CLOSED_CODE,
        message: "more than 24 hours have passed since the customer's last WhatsApp message, and no re-engagement template is configured for this number: reach the customer another way or configure one",
      });
    }
    const response = await fetch(`${this.options.graphBaseUrl}/${this.options.apiVersion}/${encodeURIComponent(outbound.from.address)}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...recipient, ...content, biz_opaque_callback_data: encodeReplyCallbackData(outbound) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const sent = SentSchema.safeParse(body);
      if (!sent.success) throw new Error(`WhatsApp accepted a reply without a message id (HTTP ${response.status})`);
      return this.status(outbound, 'queued', sent.data.messages[0]?.id);
    }
    const refused = GraphErrorBodySchema.safeParse(body);
    const error = refused.success ? refused.data : undefined;
    if (error === undefined || isRetriedGraphError(response.status, error)) {
      throw new Error(`WhatsApp answered HTTP ${response.status} to a reply${error ? `: ${error.error.code} ${error.error.message ?? ''}` : ''}; it will be retried`);
    }
    return this.status(outbound, 'failed', undefined, graphErrorReason(error));
  }

  /** A text inside the window, the template outside it, or undefined when there is nothing we may send. */
  private contentFor(outbound: OutboundMessageV1Message, number: WhatsappNumber): Record<string, unknown> | undefined {
    const answering = outbound.answering;
    const open = answering !== undefined && this.now().getTime() - Date.parse(answering.receivedAt) < CUSTOMER_SERVICE_WINDOW_MS;
    if (open) {
      return { type: 'text', text: { body: outbound.text, preview_url: false }, context: { message_id: answering.providerMessageId } };
    }
    const template = number.reengagementTemplate;
    return template ? { type: 'template', template: { name: template.name, language: { code: template.language } } } : undefined;
  }

  private status(
    outbound: OutboundMessageV1Message,
    state: 'queued' | 'failed',
    providerMessageId?: string,
    error?: { readonly code: string; readonly message: string },
  ): DeliveryStatusV1Message {
    return {
      schemaVersion: 1,
      statusId: stableUuid('whatsapp-cloud-send', outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: outbound.channel,
      provider: 'whatsapp-cloud',
      ...(providerMessageId ? { providerMessageId } : {}),
      state,
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
      occurredAt: this.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}

/** A number goes in `to` (digits, as WhatsApp writes them); a business-scoped user id in `recipient`. */
function recipientOf(outbound: OutboundMessageV1Message): { to: string } | { recipient: string } | undefined {
  switch (outbound.to.kind) {
    case 'whatsapp':
    case 'phone':
      return { to: outbound.to.value.replace(/^\+/, '') };
    case 'whatsapp-user':
      return { recipient: outbound.to.value };
    case 'email':
    case 'telegram':
    case 'messenger':
    case 'instagram':
    case 'chat-user':
      return undefined;
  }
}
