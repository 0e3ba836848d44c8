import { parseArgs } from 'node:util';
import { isSocialProvider, SOCIAL_PROVIDERS, type SocialProvider } from './social-provider';

export interface WebhookBenchOptions {
  /** Benchmarked one after the other against one social-ingest, each with its own report. */
  readonly providers: readonly SocialProvider[];
  /** Webhooks per second, scheduled by the clock (open loop). */
  readonly rate: number;
  /** Length of the measured run. */
  readonly seconds: number;
  /** Seconds at the same rate before the measured run: counted and verified, not in the percentiles. */
  readonly warmupSeconds: number;
  /** Distinct customers the messages of each provider come from. */
  readonly senders: number;
  /** A request unanswered this long after it left is a timeout (a failure). */
  readonly timeoutMs: number;
  readonly keepStack: boolean;
  readonly help: boolean;
}

/**
 * The short run the integration spec and `--smoke` use: proves the path, measures nothing. Its
 * timeout is generous because it judges correctness (every 200 on the topic once, no refusal), and
 * a test machine busy with other suites must not turn a slow answer into a false failure.
 */
export const SMOKE_OPTIONS: WebhookBenchOptions = { providers: ['whatsapp'], rate: 50, seconds: 3, warmupSeconds: 0, senders: 20, timeoutMs: 30_000, keepStack: false, help: false };

const DEFAULTS: WebhookBenchOptions = { providers: ['whatsapp'], rate: 500, seconds: 30, warmupSeconds: 2, senders: 200, timeoutMs: 10_000, keepStack: false, help: false };

export const WEBHOOK_BENCH_HELP = `usage: node tools/run.js tools/bench/social/webhook-bench.cli.ts [options]

Measures how fast social-ingest acknowledges each social provider's webhooks. Starts (or reuses) a
local stack of its own ("bench-social": Kafka and PostgreSQL), boots social-ingest as its own
process on a fresh database (its own migrate command), serving the chosen providers, each account
for a tenant of its own, and posts each provider's webhooks in turn, exactly as the provider sends
them, each a new text message from one of N customers, at a constant rate:

  whatsapp    WhatsApp Cloud API: Meta-signed (X-Hub-Signature-256 over Meta-escaped JSON)
              webhooks to /whatsapp-cloud/webhook
  telegram    Telegram: Update JSON with the bot's X-Telegram-Bot-Api-Secret-Token to
              /telegram/webhook/<bot>
  messenger   Messenger: Meta-signed webhooks, object "page", to /meta/webhook
  instagram   Instagram: Meta-signed webhooks, object "instagram", to /meta/webhook

Open loop: each request leaves at its scheduled time whatever earlier ones are doing, and its
latency runs from that scheduled time, so a stall shows in the figures.

Every non-200 answer, timeout and connection error is a failure. Afterwards every acknowledged
message must be on tributary.inbound.v1 exactly once (found by the tag the bench wrote into its
text, this provider's tenant only). Prints one report per provider (and a summary when more than
one ran). Exits 1 when any request failed or any verification did not pass, 2 on a usage error.

  --provider P      ${SOCIAL_PROVIDERS.join(', ')}, a comma-separated list of them, or all (default whatsapp)
  --rate R          webhooks per second (default 500)
  --seconds S       measured run in seconds (default 30)
  --warmup S        seconds at the same rate before it, verified but not in the percentiles (default 2)
  --senders N       distinct customers the messages come from (default 200)
  --timeout-ms MS   a request without an answer after this long is a timeout (default 10000)
  --smoke           a short proof run: --rate 50 --seconds 3 --warmup 0 --senders 20 --timeout-ms 30000
  --keep-stack      leave the bench-social stack running afterwards (faster reruns)
  -h, --help        this text

Durability as measured: the kit's hand-off publishes with the idempotent acks=all producer (one
send in flight, batches of up to 500 records) before the 200; no spool for any of these providers
(Meta and Telegram both post a webhook again until it is answered 200); the local stack is one
broker, so replication factor 1 and min.insync.replicas 1, and the broker flushes to disk on
Kafka's default schedule. The report prints what the topic has.
`;

export class WebhookBenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookBenchUsageError';
  }
}

function whole(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new WebhookBenchUsageError(`--${flag} needs a whole number from ${min} to ${max}, got ${raw}`);
  return value;
}

/** `--flag N` and `--flag=N`; anything unknown or out of range is a usage error. */
export function parseWebhookBenchArgs(argv: readonly string[]): WebhookBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        provider: { type: 'string' },
        rate: { type: 'string' },
        seconds: { type: 'string' },
        warmup: { type: 'string' },
        senders: { type: 'string' },
        'timeout-ms': { type: 'string' },
        smoke: { type: 'boolean', default: false },
        'keep-stack': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new WebhookBenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const base = values.smoke ? SMOKE_OPTIONS : DEFAULTS;
  return {
    providers: values.provider === undefined ? base.providers : providersOf(values.provider),
    rate: whole('rate', values.rate, base.rate, 1, 20_000),
    seconds: whole('seconds', values.seconds, base.seconds, 1, 3_600),
    warmupSeconds: whole('warmup', values.warmup, base.warmupSeconds, 0, 600),
    senders: whole('senders', values.senders, base.senders, 1, 1_000_000),
    timeoutMs: whole('timeout-ms', values['timeout-ms'], base.timeoutMs, 100, 120_000),
    keepStack: values['keep-stack'],
    help: values.help,
  };
}

/** `all`, one provider, or a comma-separated list of them (each once, in the order given). */
function providersOf(raw: string): SocialProvider[] {
  if (raw.trim() === 'all') return [...SOCIAL_PROVIDERS];
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isSocialProvider(name));
  if (unknown.length > 0) throw new WebhookBenchUsageError(`--provider needs all or any of ${SOCIAL_PROVIDERS.join(', ')}, got ${raw}`);
  return [...new Set(names.filter(isSocialProvider))];
}
