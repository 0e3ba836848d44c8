import { componentPid, startStack, type StackComponent, type StackInfo } from '@tributary/local-stack';

/**
 * A stack of the fault suite's own (Kafka and PostgreSQL), so killing, freezing or stopping its
 * servers disturbs no other suite. The jest workers carry the shared stack's DATABASE_URL, which
 * would make the stack reuse that database instead of starting its own: it is hidden meanwhile.
 */
export async function startFaultStack(name: string, components: readonly StackComponent[] = ['kafka', 'postgres']): Promise<StackInfo> {
  const shared = process.env['DATABASE_URL'];
  delete process.env['DATABASE_URL'];
  try {
    return await startStack({ name, components });
  } finally {
    if (shared !== undefined) process.env['DATABASE_URL'] = shared;
  }
}

/** Sends a real signal to one of the stack's servers: SIGKILL a crash, SIGSTOP/SIGCONT a freeze. */
export function signalServer(name: string, component: StackComponent, signal: NodeJS.Signals): void {
  const pid = componentPid(name, component);
  if (pid === undefined) throw new Error(`${component} of stack ${name} is not running`);
  process.kill(pid, signal);
}
