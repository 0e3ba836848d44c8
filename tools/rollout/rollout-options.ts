import { numberFlag, readFlags, stackNameFlag, type NumberRule } from './cli-flags.util';

/** What one rolling-restart run does; every field has a command-line option. */
export interface RolloutOptions {
  /** Inputs per second across the three channels (SMS, WhatsApp, mail), spread evenly over the customers. */
  readonly rate: number;
  /** Seconds the load runs at least; it always runs on until the rollout is over, plus `tailSeconds`. */
  readonly durationSeconds: number;
  /** Seconds of load before the first replica is restarted. */
  readonly warmupSeconds: number;
  /** Seconds of load after the last replica is ready again. */
  readonly tailSeconds: number;
  /** Customers per channel; each sends its inputs one after another, in order. */
  readonly customersPerChannel: number;
  /** Passes over the apps, each restarting every replica of every app once. */
  readonly passes: number;
  /** Name of the local stack (Kafka, PostgreSQL, GreenMail) the run starts or reuses. */
  readonly stack: string;
  /** Leave the stack running afterwards. */
  readonly keepStack: boolean;
}

export const DEFAULT_ROLLOUT_OPTIONS: RolloutOptions = {
  rate: 30,
  durationSeconds: 180,
  warmupSeconds: 15,
  tailSeconds: 10,
  customersPerChannel: 6,
  passes: 1,
  stack: 'rollout',
  keepStack: false,
};

export const ROLLOUT_HELP = `usage: node tools/run.js tools/rollout/rolling-restart.cli.ts [options]

A rolling restart under load, on this machine with real processes: a stack of its own (Kafka,
PostgreSQL, GreenMail), two replicas each of the router, email-ingest, voice-ingest and
social-ingest (a round-robin HTTP proxy in front of each webhook app), and a steady stream of
numbered inputs: signed Twilio SMS webhooks, signed WhatsApp Cloud webhooks and mails delivered
over SMTP to GreenMail mailboxes that email-ingest polls. Meanwhile, app after app, its pending
migrations are applied (as the chart's migration Job) and its replicas restarted one at a time
(SIGTERM, wait for the exit, start, wait for /health/ready, next). A refused
input (non-2xx, proxy 502 while a replica is down) is sent again, as the provider would.
Afterwards the exactly-once oracle of the fault suite judges the run: every acknowledged input on
the ticket stream once, no contact with two open tickets, ticket events unique and gap-free, each
customer's messages in order. Prints the verdict, each app's restart durations, the largest gap
between two ticket events during the rollout, and counts. Exit code 0 only for a clean verdict.

options:
  --rate N          inputs per second across all channels (default ${DEFAULT_ROLLOUT_OPTIONS.rate})
  --duration S      seconds the load runs at least; it runs on until the rollout ends plus the
                    tail (default ${DEFAULT_ROLLOUT_OPTIONS.durationSeconds})
  --warmup S        seconds of load before the first restart (default ${DEFAULT_ROLLOUT_OPTIONS.warmupSeconds})
  --tail S          seconds of load after the last replica is ready (default ${DEFAULT_ROLLOUT_OPTIONS.tailSeconds})
  --customers N     customers per channel (default ${DEFAULT_ROLLOUT_OPTIONS.customersPerChannel})
  --passes N        passes over the apps (default ${DEFAULT_ROLLOUT_OPTIONS.passes})
  --stack NAME      local stack to start or reuse (default ${DEFAULT_ROLLOUT_OPTIONS.stack})
  --keep-stack      leave the stack running afterwards
  -h, --help        this text
`;

const NUMBER_FLAGS = {
  '--rate': ['rate', 'positive'],
  '--duration': ['durationSeconds', 'whole'],
  '--warmup': ['warmupSeconds', 'whole-or-zero'],
  '--tail': ['tailSeconds', 'whole-or-zero'],
  '--customers': ['customersPerChannel', 'whole'],
  '--passes': ['passes', 'whole'],
} as const satisfies Record<string, readonly [keyof RolloutOptions, NumberRule]>;

/** Reads the command line; throws HarnessUsageError naming the bad option. */
export function parseRolloutOptions(argv: readonly string[]): RolloutOptions {
  const flags = readFlags(argv, [...Object.keys(NUMBER_FLAGS), '--stack'], ['--keep-stack']);
  const options: { -readonly [K in keyof RolloutOptions]: RolloutOptions[K] } = { ...DEFAULT_ROLLOUT_OPTIONS };
  for (const [flag, [field, rule]] of Object.entries(NUMBER_FLAGS)) options[field] = numberFlag(flags, flag, rule) ?? DEFAULT_ROLLOUT_OPTIONS[field];
  return { ...options, stack: stackNameFlag(flags, DEFAULT_ROLLOUT_OPTIONS.stack), keepStack: flags.switches.has('--keep-stack') };
}
