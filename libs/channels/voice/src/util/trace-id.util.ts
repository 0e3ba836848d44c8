import { createHash } from 'node:crypto';

/** A W3C trace id derived from the provider's id, so a replay joins the first delivery's trace. */
export function traceIdFor(providerId: string): string {
  return createHash('sha256').update(providerId).digest('hex').slice(0, 32);
}
