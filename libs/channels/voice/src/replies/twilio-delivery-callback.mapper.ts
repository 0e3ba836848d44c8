import type { DeliveryCallbackMapper } from '@tributary/channel-kit';
import { ChannelSchema, TenantIdSchema, TraceIdSchema, type DeliveryStatusV1Message, stableUuid } from '@tributary/contracts';
import { z } from 'zod';
import { firstValues } from '../twilio/twilio-params.util';
import type { TwilioParams } from '../twilio/twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';

const CallbackSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  tenantId: TenantIdSchema,
  ticketId: z.uuid(),
  outboundId: z.uuid(),
  traceId: TraceIdSchema,
  channel: ChannelSchema,
});

const STATES: Record<string, DeliveryStatusV1Message['state'] | undefined> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'undelivered',
  failed: 'failed',
};

/** Twilio's message status callback: the reply's ids ride in the callback URL's query, the status in the form body. */
export interface TwilioStatusCallback {
  readonly query: TwilioParams;
  readonly body: TwilioParams;
}

/**
 * A Twilio message status callback as DeliveryStatus v1, or undefined for statuses that say nothing
 * new (canceled, receiving…). The reply's ids come from the callback URL's query, which Twilio signs
 * with the rest of the URL. The status id is stable per message and status, so a replay is dropped.
 */
export class TwilioDeliveryCallbackMapper implements DeliveryCallbackMapper<TwilioStatusCallback> {
  toDeliveryStatus({ query, body }: TwilioStatusCallback, receivedAt: Date): DeliveryStatusV1Message | undefined {
    const parsed = CallbackSchema.safeParse({ ...firstValues(body), ...firstValues(query) });
    if (!parsed.success) throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, 'not a status callback of a Tributary reply');
    const callback = parsed.data;
    // Own keys only: a MessageStatus such as `constructor` must not find Object's prototype.
    const state = Object.hasOwn(STATES, callback.MessageStatus) ? STATES[callback.MessageStatus] : undefined;
    if (!state) return undefined;
    const failed = state === 'failed' || state === 'undelivered';
    const code = callback.ErrorCode && callback.ErrorCode !== '' ? callback.ErrorCode : 'UNKNOWN';
    return {
      schemaVersion: 1,
      statusId: stableUuid('twilio-status', callback.MessageSid, callback.MessageStatus),
      outboundId: callback.outboundId,
      tenantId: callback.tenantId,
      ticketId: callback.ticketId,
      channel: callback.channel,
      provider: 'twilio',
      providerMessageId: callback.MessageSid,
      state,
      ...(failed ? { error: { code, message: `Twilio reported ${callback.MessageStatus} (error ${code})` } } : {}),
      occurredAt: receivedAt.toISOString(),
      traceId: callback.traceId,
    };
  }
}
