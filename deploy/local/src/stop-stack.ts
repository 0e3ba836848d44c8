import { existsSync } from 'node:fs';
import type { ServerContext } from './component-server';
import { withStackLock } from './stack-lock.util';
import { stackPaths } from './stack-paths.util';
import { livePid, STACK_SERVERS } from './stack-servers';
import { readStackState, setRecord, writeStackState } from './stack-state.store';
import type { StackState } from './stack-state.store';
import { STACK_COMPONENTS } from './stack.types';
import type { StackComponent } from './stack.types';

/** Stops every server of the stack; data and recorded ports stay for the next start. */
export async function stopStack(options: { name?: string; log?: (line: string) => void } = {}): Promise<void> {
  await stopComponents(options.name ?? 'dev', STACK_COMPONENTS, options.log ?? ((): void => undefined));
}

/** Stops one server, e.g. the broker in a reconnect test; `startStack` brings it back on the same ports. */
export async function stopComponent(name: string, component: StackComponent): Promise<void> {
  await stopComponents(name, [component], () => undefined);
}

async function stopComponents(name: string, components: readonly StackComponent[], log: (line: string) => void): Promise<void> {
  const paths = stackPaths(name);
  if (!existsSync(paths.stateFile)) {
    log(`stack "${name}" has never been started`);
    return;
  }
  await withStackLock(paths.lockFile, log, async () => {
    const state = readStackState(paths.stateFile, name);
    const context: ServerContext = { paths, log, onSpawned: () => undefined };
    const results = await Promise.allSettled(components.map((component) => stopOne(context, state, component)));
    writeStackState(paths.stateFile, state);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  });
}

async function stopOne<C extends StackComponent>(context: ServerContext, state: StackState, component: C): Promise<void> {
  const record = state.components[component];
  if (!record) return;
  const pid = livePid(context, component, record);
  if (pid !== undefined) {
    context.log(`stopping ${component} (pid ${pid})…`);
    await STACK_SERVERS[component].stop(context, { ...record, pid });
  }
  setRecord(state.components, component, { ports: record.ports });
}
