import { emailIntakeConfigShape } from '@tributary/channel-email';
import { blobStoreConfigShape } from '@tributary/platform-blob-store';
import { databaseConfigShape, secret } from '@tributary/platform-config';
import { z } from 'zod';
import { EMAIL_INGEST_FAULTS } from './email-ingest-fault';

const port = z.coerce.number().int().min(1).max(65535);
const address = z.email().transform((value) => value.toLowerCase());

const mailboxSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'key must be a lower-case slug'),
  tenantId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'tenantId must be a lower-case slug'),
  address,
  displayName: z.string().max(256).optional(),
  /** IMAP login; the address when absent. Mailboxes without a password are SMTP-only. */
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  port: port.optional(),
  secure: z.boolean().optional(),
  folder: z.string().min(1).default('INBOX'),
  processedFolder: z.string().min(1).optional(),
});
export type MailboxEntry = z.infer<typeof mailboxSchema>;

const mailboxList = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of mailboxes' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(mailboxSchema)
      .min(1, 'must name at least one mailbox')
      .superRefine((mailboxes, ctx) => {
        const keys = new Set<string>();
        for (const mailbox of mailboxes) {
          if (keys.has(mailbox.key)) ctx.addIssue({ code: 'custom', message: `mailbox key "${mailbox.key}" appears twice` });
          keys.add(mailbox.key);
        }
      }),
  );

const flag = (fallback: boolean) => z.stringbool().default(fallback);

export const emailIngestConfigSchema = z.object({
  ...databaseConfigShape,
  ...blobStoreConfigShape,
  ...emailIntakeConfigShape,
  EMAIL_MAILBOXES: secret(
    mailboxList.describe(
      'JSON array of inboxes: [{"key","tenantId","address","displayName"?,"user"?,"password"?,"host"?,"port"?,"secure"?,"folder"?,"processedFolder"?}]; those with a password are polled over IMAP, all are accepted by inbound SMTP',
    ),
  ),
  EMAIL_IMAP_HOST: z.string().min(1).default('127.0.0.1').describe('IMAP server of mailboxes that name none'),
  EMAIL_IMAP_PORT: port.default(993).describe('IMAP port of mailboxes that name none'),
  EMAIL_IMAP_SECURE: flag(true).describe('IMAP over TLS for mailboxes that say nothing'),
  EMAIL_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000).describe('A full UID sweep of each mailbox at least this often (IDLE catches new mail sooner)'),
  EMAIL_IMAP_WATCHDOG_MS: z.coerce.number().int().min(1_000).default(120_000).describe('An IMAP command slower than this ends the session and reconnects'),
  EMAIL_IMAP_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(25).describe('Mails fetched and handed to Kafka per batch'),
  EMAIL_SMTP_HOST: z.string().min(1).describe('SMTP server replies are sent through'),
  EMAIL_SMTP_PORT: port.default(587).describe('Port of the SMTP server replies are sent through'),
  EMAIL_SMTP_SECURE: flag(false).describe('Implicit TLS to the SMTP server (port 465); otherwise STARTTLS when offered'),
  EMAIL_SMTP_USER: z.string().min(1).optional().describe('SMTP login for sending, if the server wants one'),
  EMAIL_SMTP_PASSWORD: secret(z.string().optional().describe('SMTP password for sending')),
  EMAIL_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3).describe('Tries per reply on temporary SMTP failures before it is reported failed'),
  EMAIL_INBOUND_SMTP_PORT: port.optional().describe('Port of the inbound SMTP server for mail pushed by an MTA; off when unset'),
  EMAIL_INBOUND_SMTP_HOST: z.string().min(1).default('0.0.0.0').describe('Address the inbound SMTP server binds to'),
  EMAIL_INBOUND_SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(50).describe('Inbound SMTP connections at once; the one over it hears 421 and its sender retries'),
  EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1024)
    .optional()
    .describe(
      'Bytes of mail inbound SMTP holds at once across sessions, until each hand-off ends; a session past it hears 452 4.3.1 and its sender retries. A mail in hand is one Buffer, parsed in slices: each held byte cost about 1.35 bytes of memory in the benchmark (see the email lib README). Default and minimum: EMAIL_MAX_MESSAGE_BYTES',
    ),
  EMAIL_INBOUND_SMTP_SPOOL_ABOVE_BYTES: z.coerce.number().int().min(0).default(1024 * 1024).describe('An inbound SMTP mail larger than this is written to a temporary file while it arrives, not kept in memory'),
  EMAIL_INBOUND_SMTP_SPOOL_DIR: z.string().min(1).optional().describe("Directory of inbound SMTP's temporary files; the OS temp directory when unset"),
  EMAIL_INGEST_FAULT: z
    .enum(EMAIL_INGEST_FAULTS)
    .optional()
    .describe(
      'TEST ONLY, never set in production (refused with NODE_ENV=production): kill-after-ack makes the process SIGKILL itself right after Kafka acknowledged mail and before it is recorded (IMAP checkpoint, SMTP 250), to prove crash recovery',
    ),
  NODE_ENV: z.string().optional().describe('production refuses test-only settings (EMAIL_INGEST_FAULT)'),
});

/** Rules across variables, checked by the shared bootstrap once each variable has its own shape. */
export function emailIngestConfigProblems(
  config: Pick<EmailIngestConfig, 'EMAIL_MAILBOXES' | 'DATABASE_POOL_SIZE' | 'EMAIL_INGEST_FAULT' | 'NODE_ENV' | 'EMAIL_MAX_MESSAGE_BYTES'> &
    Partial<Pick<EmailIngestConfig, 'EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT'>>,
): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  // Each polled mailbox holds one connection for its lease; the rest of the app needs a few more.
  const polled = config.EMAIL_MAILBOXES.filter((mailbox) => mailbox.password !== undefined).length;
  if (config.DATABASE_POOL_SIZE < polled + 2) {
    problems.push({ variable: 'DATABASE_POOL_SIZE', message: `must be at least ${polled + 2}: each of the ${polled} IMAP mailboxes holds a connection for its lease` });
  }
  if (config.EMAIL_INGEST_FAULT !== undefined && config.NODE_ENV === 'production') {
    problems.push({ variable: 'EMAIL_INGEST_FAULT', message: 'is a test-only fault and is refused with NODE_ENV=production' });
  }
  const inFlight = config.EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT;
  if (inFlight !== undefined && inFlight < config.EMAIL_MAX_MESSAGE_BYTES) {
    problems.push({ variable: 'EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT', message: `must be at least EMAIL_MAX_MESSAGE_BYTES (${config.EMAIL_MAX_MESSAGE_BYTES}), or the largest mail would hear 452 forever` });
  }
  return problems;
}

export type EmailIngestConfig = z.infer<typeof emailIngestConfigSchema>;
