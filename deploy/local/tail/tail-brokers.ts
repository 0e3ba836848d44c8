import type { TailOptions } from './tail-options';
import { TailError } from './tail.error';

/** Where the tail reads, and how that address was found (printed, so nobody guesses). */
export interface TailBrokers {
  readonly brokers: readonly string[];
  readonly from: string;
}

/** The stack `./tributary start` runs: the default when nothing else names a Kafka. */
export const DEFAULT_STACK = 'dev';

/**
 * `--brokers`, else the Kafka of the stack `--name` names, else KAFKA_BROKERS, else the Kafka of the
 * local gateway's stack ("dev"). `runningBrokers` answers a stack's broker address if it runs.
 */
export async function resolveTailBrokers(
  options: Pick<TailOptions, 'brokers' | 'stackName'>,
  env: NodeJS.ProcessEnv,
  runningBrokers: (stackName: string) => Promise<string | undefined>,
): Promise<TailBrokers> {
  if (options.brokers) return { brokers: options.brokers, from: '--brokers' };
  if (options.stackName !== undefined) return fromStack(options.stackName, runningBrokers, `./tributary start --name ${options.stackName}`);
  const fromEnv = env['KAFKA_BROKERS']?.split(',').map((broker) => broker.trim()).filter((broker) => broker !== '') ?? [];
  if (fromEnv.length > 0) return { brokers: fromEnv, from: 'KAFKA_BROKERS' };
  return fromStack(DEFAULT_STACK, runningBrokers, './tributary start');
}

async function fromStack(stackName: string, runningBrokers: (stackName: string) => Promise<string | undefined>, startCommand: string): Promise<TailBrokers> {
  const brokers = await runningBrokers(stackName);
  if (brokers === undefined) {
    throw new TailError(`the local stack "${stackName}" runs no Kafka: start it with ${startCommand}, or name a Kafka with --brokers host:port`);
  }
  return { brokers: [brokers], from: `stack "${stackName}"` };
}
