import type { ChannelSender } from '@tributary/channel-kit';
import { kindsSharingMatchKey } from '@tributary/platform-identity';
import { E164_PATTERN, type DeliveryError, type DeliveryStatusV1Message, type OutboundMessageV1Message, stableUuid } from '@tributary/contracts';
import { PHONE_LINE_NUMBER_PATTERN } from '../config/phone-line.schema';
import { SmsApiError } from './sms-api.error';
import type { SmsApiPort } from './sms-api.port';

export interface SmsReplySenderOptions {
  /** Absolute URL of the status callback webhook; the reply's ids ride along in its query. */
  readonly statusCallbackUrl: string;
  /** The tenant's number to send from when the reply's `from` is not a number we own. */
  readonly fallbackFrom: (tenantId: string) => string | undefined;
  /** The line's WhatsApp template for replies outside the 24-hour window, if it has one. */
  readonly whatsappTemplateFor?: (lineNumber: string) => string | undefined;
  readonly now: () => Date;
}

export const STATUS_CALLBACK_PARAMS = ['tenantId', 'ticketId', 'outboundId', 'traceId', 'channel'] as const;

/** WhatsApp's customer-service window: free-form messages only this long after the customer's last one. */
const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Twilio's code for a free-form WhatsApp message outside the window, so the ticket reads the same either way. */
export const WHATSAPP_WINDOW_CLOSED_CODE = '63016';

/**
 * Sends an SMS reply (for SMS and for voice tickets: a caller is answered by text), or a WhatsApp
 * reply through Twilio (`whatsapp:` addresses, the 24-hour window kept as Meta's Cloud API keeps it), and says what
 * happened: `queued` with Twilio's MessageSid, or `failed` with Twilio's error code when the message
 * or its recipient was refused. Later progress arrives as signed status callbacks. A refusal that is
 * ours to fix (credentials, account, rate, our sender number; see TwilioSmsApi) or a Twilio outage
 * throws, so the record is retried rather than reported as the customer's failure.
 */
export class SmsReplySender implements ChannelSender {
  readonly channels = ['sms', 'voice', 'whatsapp'] as const;
  readonly provider = 'twilio';

  constructor(
    private readonly api: SmsApiPort,
    private readonly options: SmsReplySenderOptions,
  ) {}

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const whatsapp = outbound.channel === 'whatsapp';
    const to = whatsapp ? whatsappRecipient(outbound) : smsRecipient(outbound);
    if (!to) return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: `cannot ${whatsapp ? 'reach' : 'text'} a ${outbound.to.kind} identity` });
    // A ticket that began at a short code is answered from it: Twilio sends from short codes as from numbers.
    const from = PHONE_LINE_NUMBER_PATTERN.test(outbound.from.address) ? outbound.from.address : this.options.fallbackFrom(outbound.tenantId);
    if (!from) return this.status(outbound, 'failed', undefined, { code: 'NO_SENDER_NUMBER', message: `no number configured for ${outbound.tenantId}` });
    const content = whatsapp ? this.whatsappContent(outbound, from) : { body: outbound.text };
    if (!content) {
      return this.status(outbound, 'failed', undefined, {
        code: WHATSAPP_WINDOW_CLOSED_CODE,
        message: "more than 24 hours have passed since the customer's last WhatsApp message, and this line has no WhatsApp template (whatsappTemplateContentSid): reach the customer another way or configure one",
      });
    }
    const callback = new URL(this.options.statusCallbackUrl);
    for (const name of STATUS_CALLBACK_PARAMS) callback.searchParams.set(name, outbound[name]);
    try {
      const { sid } = await this.api.createMessage({ to, from: whatsapp ? `whatsapp:${from}` : from, ...content, statusCallback: callback.toString() });
      return this.status(outbound, 'queued', sid);
    } catch (error) {
      if (error instanceof SmsApiError && error.permanent) {
        return this.status(outbound, 'failed', undefined, { code: error.code, message: error.message, ...(error.recipientUnreachable ? { recipientUnreachable: true } : {}) });
      }
      throw error;
    }
  }

  /** The text inside the window, the line's template outside it, or undefined when nothing may be sent. */
  private whatsappContent(outbound: OutboundMessageV1Message, from: string): { body: string } | { contentSid: string } | undefined {
    const answering = outbound.answering;
    if (answering !== undefined && this.options.now().getTime() - Date.parse(answering.receivedAt) < WHATSAPP_WINDOW_MS) return { body: outbound.text };
    const contentSid = this.options.whatsappTemplateFor?.(from);
    return contentSid ? { contentSid } : undefined;
  }

  private status(
    outbound: OutboundMessageV1Message,
    state: 'queued' | 'failed',
    sid?: string,
    error?: DeliveryError,
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

function smsRecipient(outbound: OutboundMessageV1Message): string | undefined {
  const to = outbound.to.value;
  return kindsSharingMatchKey('phone').includes(outbound.to.kind) && E164_PATTERN.test(to) ? to : undefined;
}

/** A number or a business-scoped user id, as Twilio addresses WhatsApp: `whatsapp:+4915…`, `whatsapp:US.1349…`. */
function whatsappRecipient(outbound: OutboundMessageV1Message): string | undefined {
  if (outbound.to.kind === 'whatsapp-user') return `whatsapp:${outbound.to.value}`;
  const number = smsRecipient(outbound);
  return number ? `whatsapp:${number}` : undefined;
}
