import { parseArgs } from 'node:util';
import { TOPICS } from '@tributary/contracts';
import { parseDeadLetterFilter, parseDeadLetterId, type DeadLetterFilter, type DeadLetterId } from '@tributary/platform-kafka';
import { CliUsageError, parseLimit, refuseOptions, usageOf as usage } from './cli-args.util';

export const DLQ_USAGE = `usage: ./tributary dlq <list|show|redrive> [options]

  list                      the newest dead letters matching the filters, oldest first, one line each
  show <id>                 one dead letter: reason, source, key, original headers and value
  redrive <id>...           send these back to the topic each was consumed from: the original key,
                            value bytes and headers, plus tributary-redriven-from/-at/-by
  redrive --all-matching    the same for every dead letter matching the filters (at least one filter)

An id is <partition>:<offset> on the dead-letter topic, as list prints it. The router dedupes inbound
messages by their dedupe key, so re-driving one twice stores it once.

filters (list, redrive --all-matching):
  --source <topic>          the topic the original was consumed from, exactly (${TOPICS.inbound}, ${TOPICS.delivery}, …)
  --reason <text>           part of the reason, ignoring case
  --since <time>            record timestamp at or after: ISO 8601 (2026-12-07, 2026-12-07T10:00:00Z) or an age (30m, 2h, 7d)
  --until <time>            record timestamp at or before, likewise

options:
  --limit <n>               list: the newest n matches (default 50)
  --dry-run                 redrive --all-matching: list what would be sent, send nothing
  --json                    print JSON instead of text
  --brokers <host:port,…>   Kafka (default: KAFKA_BROKERS, else the local dev stack's broker);
                            KAFKA_SSL and KAFKA_SASL_* are read as the apps read them
  --topic <name>            the dead-letter topic (default ${TOPICS.inboundDeadLetter})
  -h, --help                this text
`;

/** The dlq command's usage error is the CLIs' shared one, under the name its callers know. */
export { CliUsageError as DlqUsageError } from './cli-args.util';

interface Common {
  readonly json: boolean;
  readonly brokers: string | undefined;
  readonly topic: string;
}

export type DlqCommand =
  | (Common & { readonly command: 'list'; readonly filter: DeadLetterFilter; readonly limit: number })
  | (Common & { readonly command: 'show'; readonly id: DeadLetterId })
  | (Common & { readonly command: 'redrive'; readonly ids: readonly DeadLetterId[] })
  | (Common & { readonly command: 'redrive-matching'; readonly filter: DeadLetterFilter; readonly dryRun: boolean })
  | { readonly command: 'help' };

/** Reads the command line; throws DlqUsageError saying what is wrong. */
export function parseDlqArgs(argv: readonly string[], now: Date = new Date()): DlqCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        source: { type: 'string' },
        reason: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        'all-matching': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        brokers: { type: 'string' },
        topic: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  const common: Common = { json: values.json, brokers: values.brokers, topic: values.topic ?? TOPICS.inboundDeadLetter };
  const filter = (): DeadLetterFilter => usage(() => parseDeadLetterFilter({ source: values.source, reason: values.reason, since: values.since, until: values.until }, now));
  const onlyFor = (allowed: string, ...names: (keyof typeof values)[]) => refuseOptions(values, allowed, ...names);
  if (command === undefined) throw new CliUsageError('name a command: list, show or redrive');
  switch (command) {
    case 'list': {
      onlyFor('redrive', 'all-matching', 'dry-run');
      if (rest.length > 0) throw new CliUsageError(`list takes no ids (got ${rest.join(' ')}); filter with --source, --reason, --since, --until`);
      return { ...common, command: 'list', filter: filter(), limit: parseLimit(values.limit) };
    }
    case 'show': {
      onlyFor('list and redrive', 'source', 'reason', 'since', 'until', 'limit', 'all-matching', 'dry-run');
      const [id, ...more] = rest;
      if (id === undefined || more.length > 0) throw new CliUsageError('show takes exactly one id (<partition>:<offset>)');
      return { ...common, command: 'show', id: usage(() => parseDeadLetterId(id)) };
    }
    case 'redrive': {
      onlyFor('list', 'limit');
      if (values['all-matching']) {
        if (rest.length > 0) throw new CliUsageError('give ids or --all-matching, not both');
        const chosen = filter();
        if (Object.keys(chosen).length === 0) throw new CliUsageError('--all-matching needs at least one filter (--source, --reason, --since, --until); for everything, say --since 1970-01-01');
        return { ...common, command: 'redrive-matching', filter: chosen, dryRun: values['dry-run'] };
      }
      onlyFor('redrive --all-matching', 'source', 'reason', 'since', 'until', 'dry-run');
      if (rest.length === 0) throw new CliUsageError('redrive takes one or more ids (<partition>:<offset>), or --all-matching with filters');
      return { ...common, command: 'redrive', ids: rest.map((id) => usage(() => parseDeadLetterId(id))) };
    }
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}
