export { EmailNormalizer } from './mime/email-normalizer.service';
export type { EmailNormalizerOptions } from './mime/email-normalizer.service';
export { DEFAULT_EMAIL_LIMITS } from './mime/email-limits';
export type { EmailLimits } from './mime/email-limits';
export { EmailQuarantineCode, EmailQuarantineError } from './mime/email-quarantine.error';
export type { NormalizedEmail, RawEmail } from './mime/raw-email';
export { classifyAutoSubmitted } from './mime/auto-submitted.util';
export { messageIds, stripMessageId } from './mime/thread-refs.util';
