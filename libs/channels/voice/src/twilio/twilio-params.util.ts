import type { TwilioParams } from './twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from './twilio-webhook.error';

/** A parsed form body as Twilio sends it: flat names, string values (a repeated name gives a list). */
export function toTwilioParams(body: unknown): TwilioParams {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid();
  const params: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) params[name] = value;
    else throw invalid();
  }
  return params;
}

/** Single-valued view for schema parsing; a repeated name keeps its first value. */
export function firstValues(params: TwilioParams): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) flat[name] = typeof value === 'string' ? value : (value[0] ?? '');
  return flat;
}

function invalid(): TwilioWebhookError {
  return new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, 'expected a flat application/x-www-form-urlencoded body');
}
