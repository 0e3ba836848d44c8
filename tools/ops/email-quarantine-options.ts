import { parseArgs } from 'node:util';
import type { QuarantineFilter } from '@tributary/channel-email';
import { parseDeadLetterFilter } from '@tributary/platform-kafka';
import { CliUsageError, parseLimit, refuseOptions, usageOf } from './cli-args.util';

export const QUARANTINE_USAGE = `usage: ./tributary quarantine <list|show|redrive> [options]

  list                      the newest quarantined mails, oldest first, one line each
  show <id>                 one mail: inbox, source (IMAP mailbox and UID, or SMTP client, session and
                            envelope sender), Message-ID, reason, time, where the raw mail is, re-drives
  redrive <id>              once the cause is removed (a limit raised, a release that reads the mail):
                            read the raw mail back and receive it as email-ingest does, from the same
                            inbox and source: normalized and handed to Kafka, or quarantined again with
                            the reason. The router stores a mail once by its Message-ID (or content),
                            so re-driving it twice makes one message.

filters (list):
  --since <time>            quarantined at or after: ISO 8601 (2026-12-07, 2026-12-07T10:00:00Z) or an age (30m, 2h, 7d)
  --reason <text>           part of the code or the reason, ignoring case (TOO_LARGE, sender, …)

options:
  --limit <n>               list: the newest n matches (default 50)
  --json                    print JSON instead of text
  --brokers <host:port,…>   redrive: Kafka (default: KAFKA_BROKERS, else the local dev stack's broker)
  -h, --help                this text

Reads email-ingest's own database: DATABASE_URL. redrive also reads what email-ingest reads to
receive a mail: its blob store (BLOB_STORE_*), EMAIL_MAX_MESSAGE_BYTES, EMAIL_MAX_MIME_PARTS,
EMAIL_PARSE_TIMEOUT_MS, EMAIL_MAX_RECORD_BYTES, EMAIL_ALLOW_REMOTE_IMAGES, EMAIL_HANDOFF_TIMEOUT_MS, and
Kafka's variables (KAFKA_SSL, KAFKA_SASL_*) as the apps read them. Give it email-ingest's values, with the
fixed one (a raised limit) when that is the cure.
`;

interface Common {
  readonly json: boolean;
}

export type QuarantineCommand =
  | (Common & { readonly command: 'list'; readonly filter: QuarantineFilter; readonly limit: number })
  | (Common & { readonly command: 'show'; readonly id: string })
  | (Common & { readonly command: 'redrive'; readonly id: string; readonly brokers: string | undefined })
  | { readonly command: 'help' };

/** Reads the command line; throws CliUsageError saying what is wrong. */
export function parseQuarantineArgs(argv: readonly string[], now: Date = new Date()): QuarantineCommand {
  const { values, positionals } = usageOf(() =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        since: { type: 'string' },
        reason: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        brokers: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  const one = (name: string): string => {
    const [id, ...more] = rest;
    if (id === undefined || more.length > 0 || !/^\d{1,18}$/.test(id)) throw new CliUsageError(`${name} takes exactly one id (a number, as list prints it)`);
    return id;
  };
  switch (command) {
    case undefined:
      throw new CliUsageError('name a command: list, show or redrive');
    case 'list': {
      refuseOptions(values, 'redrive', 'brokers');
      if (rest.length > 0) throw new CliUsageError(`list takes no ids (got ${rest.join(' ')}); filter with --since, --reason`);
      const { since, reason } = usageOf(() => parseDeadLetterFilter({ since: values.since, reason: values.reason }, now));
      return { json: values.json, command: 'list', filter: { ...(since ? { since } : {}), ...(reason ? { reason } : {}) }, limit: parseLimit(values.limit) };
    }
    case 'show':
      refuseOptions(values, 'list', 'since', 'reason', 'limit');
      refuseOptions(values, 'redrive', 'brokers');
      return { json: values.json, command: 'show', id: one('show') };
    case 'redrive':
      refuseOptions(values, 'list', 'since', 'reason', 'limit');
      return { json: values.json, command: 'redrive', id: one('redrive'), brokers: values.brokers };
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}
