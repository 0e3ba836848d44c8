import type { ServerContext } from './component-server';
import { stackPaths } from './stack-paths.util';
import { livePid, STACK_SERVERS } from './stack-servers';
import { readStackState } from './stack-state.store';

/**
 * Where the stack's mail server takes SMTP when it runs and answers; undefined otherwise. Reads
 * stack.json only: starts nothing.
 */
export async function runningMailSmtp(name: string): Promise<{ host: string; port: number } | undefined> {
  const paths = stackPaths(name);
  const record = readStackState(paths.stateFile, name).components.mail;
  const context: ServerContext = { paths, log: () => undefined, onSpawned: () => undefined };
  if (!record || livePid(context, 'mail', record) === undefined) return undefined;
  return (await STACK_SERVERS.mail.answers(record.ports)) ? { host: '127.0.0.1', port: record.ports.smtp } : undefined;
}
