import { analyse } from 'chardet';

/** Below this (chardet's 0-100 scale) a guess is noise: short CJK text scores 10 in every CJK charset. */
const MIN_CONFIDENCE = 50;

/** Fewer 8-bit bytes than this cannot tell charsets apart (見積書 alone reads as Greek at 75). */
const MIN_EIGHT_BIT_BYTES = 16;

/** How much of the sample chardet reads. */
const MAX_SAMPLE_BYTES = 64 * 1024;

/** Not legacy charsets: UTF-8 is tried before the detector, UTF-16/32 would turn 8-bit text into CJK. */
const NOT_A_LEGACY_CHARSET = /^(?:utf-|ascii$)/i;

/**
 * The charset chardet (ICU's statistical recognizers) reads `sample` in, when it is sure enough:
 * the sample holds enough 8-bit bytes, the best match has at least MIN_CONFIDENCE, and
 * `accepts` (a strict decode of the bytes that need it) agrees. Undefined otherwise, so the caller
 * keeps its fallback. The sample is the whole mail's start, not one header line: a subject alone is
 * too short for any detector.
 */
export function detectLegacyCharset(sample: Uint8Array, accepts: (charset: string) => boolean): string | undefined {
  const bytes = sample.subarray(0, MAX_SAMPLE_BYTES);
  let eightBit = 0;
  for (const byte of bytes) if (byte >= 0x80) eightBit += 1;
  if (eightBit < MIN_EIGHT_BIT_BYTES) return undefined;
  const [best] = analyse(bytes);
  if (!best || best.confidence < MIN_CONFIDENCE || NOT_A_LEGACY_CHARSET.test(best.name)) return undefined;
  return accepts(best.name) ? best.name : undefined;
}
