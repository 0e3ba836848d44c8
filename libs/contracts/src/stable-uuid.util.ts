import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from names. Ids that must survive a redelivery (a replayed
 * webhook, a repeated delivery report) are derived from the provider's ids, so the repeat carries
 * the same id and consumers drop it.
 */
export function stableUuid(...names: readonly string[]): string {
  const bytes = createHash('sha256').update(names.join('\0')).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
