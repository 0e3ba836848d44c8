export { effectiveDedupeKey } from './dedupe-key';
export { normalizeMessageId, threadAncestors } from './email-thread-refs';
export { IdentityNormalizationError, normalizeIdentity, normalizeSender } from './identity-normalizer';
export type { NormalizedIdentity } from './identity-normalizer';
export { MIN_FINGERPRINT_LENGTH, textFingerprint } from './text-fingerprint';
export { newTicketToken, subjectWithToken, tokenFromSubject } from './ticket-token';
