import { parseArgs } from 'node:util';
import { resolveTailTopic } from './tail-topics';
import { TailUsageError } from './tail-usage.error';

/** What `tail` was asked for, checked. */
export interface TailOptions {
  /** The full topic name (short names already resolved). */
  readonly topic: string;
  /** `--brokers`: Kafka's address, when given. */
  readonly brokers?: readonly string[];
  /** `--name`: the local stack whose Kafka to read, when given. */
  readonly stackName?: string;
  readonly fromBeginning: boolean;
  readonly json: boolean;
  /** Only records with exactly this key. */
  readonly key?: string;
  /** Stop after this many printed records. */
  readonly max?: number;
}

const BROKER = /^\S+:\d{1,5}$/;

/** Reads the command line; undefined means help was asked for. Throws TailUsageError naming what is wrong. */
export function parseTailArgs(argv: readonly string[]): TailOptions | undefined {
  const { values, positionals } = readArgs(argv);
  if (values.help === true) return undefined;
  const [topicName, ...extra] = positionals;
  if (topicName === undefined) throw new TailUsageError('name the topic to tail');
  if (extra.length > 0) throw new TailUsageError(`one topic at a time (also got ${extra.join(' ')})`);
  if (values.brokers !== undefined && values.name !== undefined) throw new TailUsageError('give --brokers or --name, not both');
  return {
    topic: resolveTailTopic(topicName),
    ...(values.brokers === undefined ? {} : { brokers: parseBrokers(values.brokers) }),
    ...(values.name === undefined ? {} : { stackName: values.name }),
    fromBeginning: values['from-beginning'] === true,
    json: values.json === true,
    ...(values.key === undefined ? {} : { key: values.key }),
    ...(values.max === undefined ? {} : { max: parseMax(values.max) }),
  };
}

function readArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'from-beginning': { type: 'boolean' },
        json: { type: 'boolean' },
        key: { type: 'string' },
        max: { type: 'string' },
        brokers: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs names the unknown option or the missing value; the CLI prints the usage below it.
    throw new TailUsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseBrokers(value: string): string[] {
  const brokers = value.split(',').map((broker) => broker.trim()).filter((broker) => broker !== '');
  const bad = brokers.find((broker) => !BROKER.test(broker));
  if (brokers.length === 0 || bad !== undefined) throw new TailUsageError(`--brokers "${value}" is not a list of host:port`);
  return brokers;
}

function parseMax(value: string): number {
  const max = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(max) || max < 1) throw new TailUsageError(`--max "${value}" is not a whole number of records above 0`);
  return max;
}
