import type { ServerContext } from './component-server';
import { stackPaths } from './stack-paths.util';
import { livePid, STACK_SERVERS } from './stack-servers';
import { readStackState } from './stack-state.store';

/**
 * The broker address of the stack's Kafka (the one `./tributary start` and its apps use) when it
 * runs and answers; undefined otherwise. Reads stack.json only: starts nothing.
 */
export async function runningKafkaBrokers(name: string): Promise<string | undefined> {
  const paths = stackPaths(name);
  const record = readStackState(paths.stateFile, name).components.kafka;
  const context: ServerContext = { paths, log: () => undefined, onSpawned: () => undefined };
  if (!record || livePid(context, 'kafka', record) === undefined) return undefined;
  return (await STACK_SERVERS.kafka.answers(record.ports)) ? `127.0.0.1:${record.ports.broker}` : undefined;
}
