/** Bounds that keep one hostile mail from exhausting memory, disk or time. */
export interface EmailLimits {
  /** Largest raw message accepted, in bytes. */
  readonly maxMessageBytes: number;
  /** Most MIME parts (counted by their Content-Type headers) before the mail is refused. */
  readonly maxMimeParts: number;
  /** Longest a parse may take, in milliseconds. */
  readonly parseTimeoutMs: number;
}

export const DEFAULT_EMAIL_LIMITS: EmailLimits = {
  maxMessageBytes: 50 * 1024 * 1024,
  maxMimeParts: 500,
  parseTimeoutMs: 60_000,
};
