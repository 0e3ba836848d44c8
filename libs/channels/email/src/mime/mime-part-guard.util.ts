const MARKER = /\ncontent-type:/gi;
/** One character shorter than a match, so a match is never counted in two slices. */
const CARRY = '\ncontent-type:'.length - 1;
const SLICE_BYTES = 64 * 1024;

/**
 * Counts a mail's MIME parts by their Content-Type header lines, a slice at a time (no string of the
 * whole mail), before the parser sees a byte: thousands of parts would otherwise cost minutes, and a
 * parse stopped halfway can leave an attachment stream that never ends.
 */
export function countMimeParts(raw: Buffer): number {
  let parts = 0;
  let carry = '\n';
  for (let start = 0; start < raw.length; start += SLICE_BYTES) {
    const text = carry + raw.toString('latin1', start, Math.min(raw.length, start + SLICE_BYTES));
    parts += text.match(MARKER)?.length ?? 0;
    carry = text.slice(-CARRY);
  }
  return parts;
}
