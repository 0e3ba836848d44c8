/** U+0000 (PostgreSQL text and jsonb refuse it) and UTF-16 surrogates without their other half (jsonb refuses them, UTF-8 cannot hold them). */
const REFUSED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A JSON value with every string (keys included) in a form PostgreSQL stores: NUL removed, a lone
 * surrogate replaced by U+FFFD, as UTF-8 encoding would. Applied to every record before its
 * hand-off (see handoff-records.util), so a message is never acknowledged to its sender and then
 * refused by the router's database, whichever channel brought it.
 */
export function postgresSafe<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return postgresSafeText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [postgresSafeText(key), clean(entry)]));
  }
  return value;
}

export function postgresSafeText(text: string): string {
  return text.replace(REFUSED, (match) => (match === '\u0000' ? '' : '\ufffd'));
}
