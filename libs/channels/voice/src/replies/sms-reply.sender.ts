import type { ChannelSender } from '@tributary/channel-kit';
import { kindsSharingMatchKey } from '@tributary/platform-identity';
import { E164_PATTERN, type DeliveryStatusV1Message, type OutboundMessageV1Message, stableUuid } from '@tributary/contracts';
import { PHONE_LINE_NUMBER_PATTERN } from '../config/phone-line.schema';
import { SmsApiError } from './sms-api.error';
import type { SmsApiPort } from './sms-api.port';

export interface SmsReplySenderOptions {
  /** Absolute URL of the status callback webhook; the reply's ids ride along in its query. */
  readonly statusCallbackUrl: string;
  /** The tenant's number to send from when the reply's `from` is not a number we own. */
  readonly fallbackFrom: (tenantId: string) => string | undefined;
  readonly now: () => Date;
}

export const STATUS_CALLBACK_PARAMS = ['tenantId', 'ticketId', 'outboundId', 'traceId', 'channel'] as const;

/**
 * Sends an SMS reply (for SMS and for voice tickets: a caller is answered by text) and says what
 * happened: `queued` with Twilio's MessageSid, or `failed` with Twilio's error code when the message
 * or its recipient was refused. Later progress arrives as signed status callbacks. A refusal that is
 * ours to fix (credentials, account, rate, our sender number; see TwilioSmsApi) or a Twilio outage
 * throws, so the record is retried rather than reported as the customer's failure.
 */
export class SmsReplySender implements ChannelSender {
  readonly channels = ['sms', 'voice'] as const;
  readonly provider = 'twilio';

  constructor(
    private readonly api: SmsApiPort,
    private readonly options: SmsReplySenderOptions,
  ) {}

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const to = outbound.to.value;
    if (!kindsSharingMatchKey('phone').includes(outbound.to.kind) || !E164_PATTERN.test(to)) {
      return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: `cannot text a ${outbound.to.kind} identity` });
    }
    // A ticket that began at a short code is answered from it: Twilio sends from short codes as from numbers.
    const from = PHONE_LINE_NUMBER_PATTERN.test(outbound.from.address) ? outbound.from.address : this.options.fallbackFrom(outbound.tenantId);
    if (!from) return this.status(outbound, 'failed', undefined, { code: 'NO_SENDER_NUMBER', message: `no number configured for ${outbound.tenantId}` });
    const callback = new URL(this.options.statusCallbackUrl);
    for (const name of STATUS_CALLBACK_PARAMS) callback.searchParams.set(name, outbound[name]);
    try {
      const { sid } = await this.api.createMessage({ to, from, body: outbound.text, statusCallback: callback.toString() });
      return this.status(outbound, 'queued', sid);
    } catch (error) {
      if (error instanceof SmsApiError && error.permanent) return this.status(outbound, 'failed', undefined, { code: error.code, message: error.message });
      throw error;
    }
  }

  private status(
    outbound: OutboundMessageV1Message,
    state: 'queued' | 'failed',
    sid?: string,
    error?: { code: string; message: string },
  ): DeliveryStatusV1Message {
    return {
      schemaVersion: 1,
      statusId: stableUuid('twilio-send', outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: outbound.channel,
      provider: 'twilio',
      ...(sid ? { providerMessageId: sid } : {}),
      state,
      ...(error ? { error } : {}),
      occurredAt: this.options.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}
