import { z } from 'zod';

const flag = (fallback: boolean) => z.stringbool().default(fallback);

/**
 * The variables that decide what a received mail becomes: read by email-ingest, and by the
 * quarantine command when it re-drives a mail, so both normalize one mail alike.
 */
export const emailIntakeConfigShape = {
  EMAIL_HANDOFF_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000).describe('How long a hand-off waits for Kafka: inbound SMTP then answers 451, an IMAP sweep leaves the mail unread and retries'),
  EMAIL_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024).describe('Largest mail accepted (inbound SMTP answers 552; larger IMAP mail is quarantined)'),
  EMAIL_MAX_MIME_PARTS: z.coerce.number().int().min(2).default(500).describe('Mail with more MIME parts is quarantined'),
  EMAIL_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000).describe('Mail whose parsing takes longer is quarantined'),
  EMAIL_MAX_RECORD_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .optional()
    .describe("Largest InboundMessage record (JSON bytes) handed to Kafka; a mail's body over it goes to the blob store. Default: the inbound topic's max.message.bytes less 8 KiB; set it lower when the broker's limit is lower"),
  EMAIL_ALLOW_REMOTE_IMAGES: flag(false).describe('Keep remote images (often tracking pixels) in sanitized HTML'),
};

export type EmailIntakeConfig = z.infer<z.ZodObject<typeof emailIntakeConfigShape>>;
