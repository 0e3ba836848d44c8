import { twilioApiError } from './twilio-api-error-catalog';
import type { TwilioErrorBody } from './twilio-error.util';

const E164 = /^\+[1-9]\d{6,14}$/;
/** Twilio's documented test number for "invalid phone number" (error 21211). */
const INVALID_NUMBER = '+15005550001';
/** The Body limit of the Messages resource, in characters (UTF-16 units: an emoji counts twice, as Twilio warns). */
const MAX_BODY_CHARACTERS = 1600;

export interface MessageRequest {
  readonly to: string | null;
  readonly from: string | null;
  readonly body: string | null;
  readonly mediaUrls: readonly string[];
  /** A Content API template (HX…), which stands in for Body. */
  readonly contentSid?: string | null;
}

const WHATSAPP_USER = /^[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,128}$/;

/**
 * Why Twilio's Messages resource would refuse this request, or undefined when it accepts it. The
 * emulation has no Messaging Services, so `From` is always required. `owns` says whether a sender
 * (number or short code) belongs to the account; Twilio answers 21606 for one that does not.
 */
export function messageRequestRefusal(request: MessageRequest, owns: (from: string) => boolean): TwilioErrorBody | undefined {
  const { to, from, body } = request;
  if (to === null || to === '') return twilioApiError(21604);
  if (from === null || from === '') return twilioApiError(21603);
  const template = request.contentSid !== undefined && request.contentSid !== null && request.contentSid !== '';
  if (template && !/^HX[0-9a-f]{32}$/.test(request.contentSid ?? '')) return twilioApiError(21655, request.contentSid ?? '');
  if (!template && (body === null || body === '') && request.mediaUrls.length === 0) return twilioApiError(21602);
  if (body !== null && body.length > MAX_BODY_CHARACTERS) return twilioApiError(21617);
  const whatsapp = to.startsWith('whatsapp:');
  // A WhatsApp message goes from a WhatsApp sender: Twilio finds no channel for a plain number (63007).
  if (whatsapp !== from.startsWith('whatsapp:')) return twilioApiError(63007, from);
  const [toAddress, fromAddress] = whatsapp ? [to.slice('whatsapp:'.length), from.slice('whatsapp:'.length)] : [to, from];
  const validTo = E164.test(toAddress) || (whatsapp && WHATSAPP_USER.test(toAddress));
  if (!validTo || toAddress === INVALID_NUMBER) return twilioApiError(21211, to);
  if (!owns(fromAddress)) return twilioApiError(whatsapp ? 63007 : 21606, from);
  return undefined;
}
