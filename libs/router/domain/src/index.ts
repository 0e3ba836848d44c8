export { effectiveDedupeKey } from './dedupe-key';
export { normalizeMessageId, threadAncestors } from './email-thread-refs';
export { MIN_FINGERPRINT_LENGTH, textFingerprint } from './text-fingerprint';
export { newTicketToken, subjectWithToken, tokenFromSubject } from './ticket-token';
