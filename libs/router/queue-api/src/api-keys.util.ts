import { createHash } from 'node:crypto';

/** Keys are configured and compared as sha256 digests, so the configuration never holds a usable key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Parses `tenant=sha256hex,tenant=sha256hex` (several keys per tenant allowed, for rotation) into
 * digest → tenant. Throws naming the bad entry.
 */
export function parseApiKeyConfig(value: string): Map<string, string> {
  const byDigest = new Map<string, string>();
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z0-9][a-z0-9-]{0,62})=([0-9a-f]{64})$/.exec(entry);
    if (!match?.[1] || !match[2]) throw new Error(`"${entry.slice(0, 80)}" is not tenant=<sha256 hex of the key>`);
    byDigest.set(match[2], match[1]);
  }
  return byDigest;
}
