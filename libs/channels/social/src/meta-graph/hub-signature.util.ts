import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Meta signs every webhook in (WhatsApp Cloud API, Messenger, Instagram). */
export const HUB_SIGNATURE_HEADER = 'x-hub-signature-256';

/** The header's value for a body: `sha256=` and the lower-case hex HMAC-SHA256 of the exact bytes, keyed by the app secret. */
export function hubSignature(appSecret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * True when the header matches the body under one of the app secrets. Several are accepted so a secret
 * can be rotated (old and new valid at once) and one app can serve several Meta apps. Every secret is
 * compared, in constant time, so the time taken tells nothing about which one matched or how closely.
 */
export function isValidHubSignature(header: string, rawBody: Buffer, appSecrets: readonly string[]): boolean {
  const given = Buffer.from(header);
  let valid = false;
  for (const secret of appSecrets) {
    const expected = Buffer.from(hubSignature(secret, rawBody));
    // timingSafeEqual needs equal lengths; the length only tells the (public) format, never the secret.
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}
