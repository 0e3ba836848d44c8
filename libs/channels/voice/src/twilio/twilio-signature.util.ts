import { createHmac, timingSafeEqual } from 'node:crypto';

export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's X-Twilio-Signature: HMAC-SHA1 (key: the auth token) over the full URL Twilio called,
 * followed by every POST parameter name and value, names sorted; base64. The URL is the public one
 * from configuration, never rebuilt from Host or the scheme seen here, so a TLS-terminating proxy in
 * front of the service changes nothing.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  const hmac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...(value ?? [])].sort();
    for (const item of values) hmac.update(name + item, 'utf8');
  }
  return hmac.digest('base64');
}

/** Constant-time: a wrong signature takes as long to refuse whichever byte differs. */
export function isValidTwilioSignature(authToken: string, url: string, params: TwilioParams, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
  const given = Buffer.from(header, 'utf8');
  // Lengths are compared first because timingSafeEqual needs equal lengths; a length is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The POST parameters Twilio signed, from the raw application/x-www-form-urlencoded body: names as
 * sent (no bracket or dot nesting), a repeated name as a list.
 */
export function twilioFormParams(rawBody: Buffer): TwilioParams {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...(typeof seen === 'string' ? [seen] : seen), value];
  }
  return params;
}
