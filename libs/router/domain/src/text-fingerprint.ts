import { createHash } from 'node:crypto';

/** Texts shorter than this after normalization ("hi", "thanks") are too common to mean "the same request". */
export const MIN_FINGERPRINT_LENGTH = 16;

/**
 * A fingerprint of what a customer asked, equal across channels for the same words: case,
 * punctuation, emoji, whitespace and quoted lines ("> …") don't matter. Null when the text is too
 * short to tell one request from another.
 */
export function textFingerprint(text: string): string | null {
  const normalized = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join(' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (normalized.length < MIN_FINGERPRINT_LENGTH) return null;
  return createHash('sha256').update(normalized).digest('hex');
}
