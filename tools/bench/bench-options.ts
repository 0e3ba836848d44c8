export interface BenchOptions {
  readonly messages: number;
  readonly rate: number;
  readonly seconds: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly keepStack: boolean;
  /** Where the report is written besides stdout. */
  readonly out: string;
  readonly help: boolean;
}

/** The results file the README links; a run overwrites it, committing it is a choice. */
export const DEFAULT_REPORT_FILE = 'docs/benchmarks/router-bench.txt';

export const BENCH_HELP = `usage: ./tributary bench [--messages N] [--rate R] [--seconds S] [--keep-stack] [--out FILE]

Measures the router on a local stack of its own ("bench": Kafka and PostgreSQL, started or reused)
and prints one table of figures, also written to --out. A measurement, not a test: it fails only when it cannot finish a
phase in time or when a correctness check finds a lost or duplicated message.

  --messages N   records in the throughput run, redeliveries included (default 20000)
  --rate R       records per second in the latency run (default 1000)
  --seconds S    length of the latency run in seconds (default 10)
  --batch N      records per Kafka send and per Postgres statement (default 500)
  --seed N       seed of the message mix's choices (default 1); ids are always fresh
  --keep-stack   leave the bench stack running afterwards (faster reruns)
  --out FILE     write the report there too (default ${DEFAULT_REPORT_FILE}, which the README links)
  -h, --help     this text

Phases, in one run: (a) raw Kafka ceiling: produce the records to a scratch topic and consume them
back; (b) raw PostgreSQL ceiling: upsert the same rows into a scratch table; (c) router throughput:
the router booted in this process on a fresh database bench_<random>, every record onto
tributary.inbound.v1, timed until every distinct message is stored; (d) produce-to-ticket-event
latency at a fixed rate, matched by trace id; (e) correctness: lost, duplicated, duplicate open
tickets, event sequence gaps, dead letters, duplicate ticket events; (f) peak RSS of this process and of the broker; then a
profile of the router's SQL per message. The run's tenants share a random prefix, so earlier runs
on a reused stack never count. The database is dropped at the end.
`;

export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

const NUMERIC = { '--messages': 'messages', '--rate': 'rate', '--seconds': 'seconds', '--batch': 'batchSize', '--seed': 'seed' } as const;
type NumericFlag = keyof typeof NUMERIC;
const LIMITS: Record<(typeof NUMERIC)[NumericFlag], readonly [number, number]> = {
  messages: [10, 5_000_000],
  rate: [1, 100_000],
  seconds: [1, 3_600],
  batchSize: [1, 10_000],
  seed: [0, 2 ** 31 - 1],
};

function isNumericFlag(flag: string): flag is NumericFlag {
  return Object.hasOwn(NUMERIC, flag);
}

/** Reads `--flag N` and `--flag=N` forms; anything unknown or out of range is a usage error. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const values = { messages: 20_000, rate: 1_000, seconds: 10, batchSize: 500, seed: 1 };
  let keepStack = false;
  let out = DEFAULT_REPORT_FILE;
  let help = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    const [flag = '', inline] = arg.split('=', 2);
    if (flag === '--help' || flag === '-h') {
      help = true;
    } else if (flag === '--keep-stack') {
      keepStack = true;
    } else if (flag === '--out') {
      const raw = inline ?? argv[(index += 1)];
      if (!raw) throw new BenchUsageError('--out needs a file name');
      out = raw;
    } else if (isNumericFlag(flag)) {
      const raw = inline ?? argv[(index += 1)];
      const name = NUMERIC[flag];
      const [min, max] = LIMITS[name];
      const value = Number(raw);
      if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
        throw new BenchUsageError(`${flag} needs a whole number from ${min} to ${max}, got ${raw ?? 'nothing'}`);
      }
      values[name] = value;
    } else {
      throw new BenchUsageError(`unknown option ${arg}`);
    }
  }
  return { ...values, keepStack, out, help };
}
