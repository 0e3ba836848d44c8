import { mkdirSync } from 'node:fs';
import type { ServerContext } from './component-server';
import { describeStack } from './describe-stack';
import { isPortFree, selectPorts } from './port-selection.util';
import { checkExternalDatabase } from './postgres-client.util';
import { withStackLock } from './stack-lock.util';
import { stackPaths } from './stack-paths.util';
import { livePid, STACK_SERVERS } from './stack-servers';
import { readStackState, setRecord, writeStackState } from './stack-state.store';
import type { StackState } from './stack-state.store';
import { STACK_COMPONENTS } from './stack.types';
import type { StackComponent, StackInfo, StackOptions } from './stack.types';

type Task = () => Promise<void>;

/** Starts (or reuses) the requested servers; a stopped component comes back on its recorded ports. */
export async function startStack(options: StackOptions = {}): Promise<StackInfo> {
  const paths = stackPaths(options.name ?? 'dev');
  const log = options.log ?? ((): void => undefined);
  const components = STACK_COMPONENTS.filter((component) => (options.components ?? STACK_COMPONENTS).includes(component));
  mkdirSync(paths.logsDir, { recursive: true });
  return withStackLock(paths.lockFile, log, async () => {
    const state = readStackState(paths.stateFile, paths.name);
    const save = (): void => writeStackState(paths.stateFile, state);
    // Ports are chosen one component at a time so two components never pick the same one.
    const tasks: Task[] = [];
    for (const component of components) tasks.push(await plan({ paths, log, onSpawned: () => undefined }, state, component, save));
    save();
    const results = await Promise.allSettled(tasks.map((task) => task()));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    return describeStack(paths, state);
  });
}

async function plan<C extends StackComponent>(base: ServerContext, state: StackState, component: C, save: () => void): Promise<Task> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (component === 'postgres' && databaseUrl) {
    base.log('DATABASE_URL is set: using that database instead of starting PostgreSQL');
    return () => checkExternalDatabase(databaseUrl);
  }
  const server = STACK_SERVERS[component];
  const record = state.components[component];
  const pid = livePid(base, component, record);
  if (record && pid !== undefined) {
    if (await server.answers(record.ports)) {
      base.log(`${component} already running (pid ${pid}); reusing it`);
      return () => Promise.resolve();
    }
    base.log(`${component} (pid ${pid}) does not answer; restarting it`);
    await server.stop(base, { ...record, pid });
  } else if (record?.pid !== undefined) {
    base.log(`${component}: recorded pid ${record.pid} is gone; starting it again on the same ports`);
  }
  const ports = await selectPorts({
    component,
    stackName: base.paths.name,
    env: process.env,
    recorded: record?.ports,
    reserved: otherPorts(state, component),
    isFree: isPortFree,
  });
  setRecord(state.components, component, { ports });
  const onSpawned = (spawned: number): void => {
    setRecord(state.components, component, { ports, pid: spawned });
    save();
  };
  return async () => {
    const began = Date.now();
    const started = await server.start({ ...base, onSpawned }, ports);
    base.log(`${component} ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    setRecord(state.components, component, { ports, pid: started, startedAt: new Date().toISOString() });
    save();
  };
}

function otherPorts(state: StackState, except: StackComponent): Set<number> {
  const ports = new Set<number>();
  for (const component of STACK_COMPONENTS) {
    if (component === except) continue;
    for (const port of Object.values(state.components[component]?.ports ?? {})) ports.add(port);
  }
  return ports;
}
