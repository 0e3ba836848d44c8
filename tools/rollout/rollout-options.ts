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

/** A command line the tool cannot run, with the reason. */
export class RolloutUsageError extends Error {}

const NUMBER_FLAGS = {
  '--rate': 'rate',
  '--duration': 'durationSeconds',
  '--warmup': 'warmupSeconds',
  '--tail': 'tailSeconds',
  '--customers': 'customersPerChannel',
  '--passes': 'passes',
} as const;

type NumberField = (typeof NUMBER_FLAGS)[keyof typeof NUMBER_FLAGS];

function isNumberFlag(flag: string): flag is keyof typeof NUMBER_FLAGS {
  return Object.hasOwn(NUMBER_FLAGS, flag);
}

/** Reads the command line; throws RolloutUsageError naming the bad option. */
export function parseRolloutOptions(argv: readonly string[]): RolloutOptions {
  const numbers: Partial<Record<NumberField, number>> = {};
  let stack = DEFAULT_ROLLOUT_OPTIONS.stack;
  let keepStack = false;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    if (flag === '--keep-stack') {
      keepStack = true;
    } else if (flag === '--stack') {
      stack = argv[i + 1] ?? '';
      if (!/^[a-z][a-z0-9-]*$/.test(stack)) throw new RolloutUsageError(`--stack takes a name of lower-case letters, digits and dashes, got "${stack}"`);
      i += 1;
    } else if (isNumberFlag(flag)) {
      const raw = argv[i + 1] ?? '';
      const value = Number(raw);
      const positive = flag === '--rate' ? value > 0 : Number.isInteger(value) && value >= (flag === '--tail' || flag === '--warmup' ? 0 : 1);
      if (raw === '' || !Number.isFinite(value) || !positive) throw new RolloutUsageError(`${flag} takes ${flag === '--rate' ? 'a positive number' : 'a whole number'}, got "${raw}"`);
      numbers[NUMBER_FLAGS[flag]] = value;
      i += 1;
    } else {
      throw new RolloutUsageError(`unknown option "${flag}"`);
    }
  }
  return { ...DEFAULT_ROLLOUT_OPTIONS, ...numbers, stack, keepStack };
}
