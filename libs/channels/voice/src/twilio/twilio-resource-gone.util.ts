/** 404 Not Found and 410 Gone: what Twilio answers for a call or recording that was deleted (or never existed). */
const GONE = new Set([404, 410]);

/**
 * True when Twilio said the resource does not exist: asking again will never succeed. Both the
 * twilio package's RestException and MediaFetchError carry the HTTP status as `status`.
 */
export function isGoneAtTwilio(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  return typeof error.status === 'number' && GONE.has(error.status);
}
