import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { twilioSignedUrlCandidates } from './twilio-signed-urls.util';

export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's X-Twilio-Signature: HMAC-SHA1 (key: the auth token) over the full URL Twilio called,
 * followed by every POST parameter name and value, names sorted; base64. A repeated name adds each
 * of its distinct values once, sorted, as the twilio package computes it. The URL is the public one
 * from configuration, never rebuilt from Host or the scheme seen here, so a TLS-terminating proxy in
 * front of the service changes nothing.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  const hmac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...new Set(value ?? [])].sort();
    for (const item of values) hmac.update(name + item, 'utf8');
  }
  return hmac.digest('base64');
}

/**
 * Whether `header` signs `params` for `url` or one of the spellings of it Twilio may have signed
 * (with or without the default port, escaped or not; see twilioSignedUrlCandidates). Constant-time
 * per comparison: a wrong signature takes as long to refuse whichever byte differs.
 */
export function isValidTwilioSignature(authToken: string, url: string, params: TwilioParams, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  const given = Buffer.from(header, 'utf8');
  return twilioSignedUrlCandidates(url).some((candidate) => sameBytes(given, Buffer.from(twilioSignature(authToken, candidate, params), 'utf8')));
}

/**
 * For a JSON webhook Twilio signs the URL alone (which carries `bodySHA256`, the lower-case hex
 * SHA-256 of the body), so the body is bound by that hash: it must match the bytes received.
 */
export function matchesTwilioBodyHash(rawBody: Buffer, bodySha256: string): boolean {
  return sameBytes(Buffer.from(bodySha256, 'utf8'), Buffer.from(createHash('sha256').update(rawBody).digest('hex'), 'utf8'));
}

/**
 * The POST parameters Twilio signed, from the raw application/x-www-form-urlencoded body: names as
 * sent (no bracket or dot nesting), a repeated name as a list.
 */
export function twilioFormParams(rawBody: Buffer): TwilioParams {
  // Grouped in a Map: in a plain object a name such as `valueOf` or `__proto__` would find
  // Object.prototype's member instead of nothing, and any client could turn the check into a 500.
  const grouped = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  // fromEntries defines own properties, so `__proto__` stays a parameter, never the prototype.
  return Object.fromEntries([...grouped].map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

/** Lengths are compared first because timingSafeEqual needs equal lengths; a digest's length is no secret. */
function sameBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
