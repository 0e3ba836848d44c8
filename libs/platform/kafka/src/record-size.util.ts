import type { IHeaders, Message } from 'kafkajs';

/**
 * Bytes a record adds to a record batch beyond its key, value and header bytes: attributes, the
 * length, timestamp and offset deltas and the length prefixes, as varints. Rounded up on purpose.
 */
const RECORD_OVERHEAD_BYTES = 32;
const HEADER_OVERHEAD_BYTES = 10;

/**
 * About how many bytes a record takes inside a record batch (the size the broker compares with
 * max.message.bytes), never less: enough to keep produce requests under a budget without
 * serializing them twice.
 */
export function estimateRecordBytes(message: Message): number {
  return RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value) + headerBytes(message.headers);
}

function headerBytes(headers: IHeaders | undefined): number {
  let total = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    for (const single of Array.isArray(value) ? value : [value]) {
      if (single === undefined) continue;
      total += HEADER_OVERHEAD_BYTES + Buffer.byteLength(name) + byteLength(single);
    }
  }
  return total;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
