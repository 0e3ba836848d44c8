import { HUB_SIGNATURE_HEADER, hubSignature } from '../../meta-graph/hub-signature.util';

/**
 * Everything Meta escapes that JSON.stringify leaves raw: any UTF-16 code unit from U+0080 up (so an
 * emoji's two surrogates are escaped one by one, as Meta does) and "/". Both only occur inside
 * strings in JSON text, so replacing them across the whole text never touches its structure.
 */
const META_ESCAPED = /[\u0080-\uffff/]/g;

/**
 * JSON as Meta puts it on the wire (PHP json_encode style): non-ASCII as lowercase `\uXXXX`, `/` as
 * `\/`. Meta signs these exact bytes, so a receiver that re-serialises the parsed body breaks the
 * signature; emitting them is what lets tests catch that. The old Messenger rule also escaping `@`,
 * `%` and `<` is not confirmed for WhatsApp bodies, so those stay raw.
 */
export function metaJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('metaJson: the value has no JSON form');
  return json.replace(META_ESCAPED, (unit) => (unit === '/' ? '\\/' : `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A webhook delivery as Meta makes it: the escaped JSON bytes and their X-Hub-Signature-256 under the app secret. */
export function signedMetaWebhook(payload: unknown, appSecret: string): { rawBody: Buffer; headers: Record<string, string> } {
  const rawBody = Buffer.from(metaJson(payload), 'utf8');
  return { rawBody, headers: { 'content-type': 'application/json', [HUB_SIGNATURE_HEADER]: hubSignature(appSecret, rawBody) } };
}
