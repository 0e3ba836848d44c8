import type { ServerContext } from './component-server';
import { canConnect } from './postgres-client.util';
import { stackPaths } from './stack-paths.util';
import { livePid, STACK_SERVERS } from './stack-servers';
import { readStackState } from './stack-state.store';
import type { StackState } from './stack-state.store';
import { STACK_COMPONENTS } from './stack.types';
import type { ComponentStatus, StackComponent } from './stack.types';

/** One line per component: running or not, with pid, ports and uptime. Reads only; starts nothing. */
export async function stackStatus(name = 'dev'): Promise<ComponentStatus[]> {
  const paths = stackPaths(name);
  const state = readStackState(paths.stateFile, name);
  const context: ServerContext = { paths, log: () => undefined, onSpawned: () => undefined };
  return Promise.all(STACK_COMPONENTS.map((component) => statusOf(context, state, component)));
}

async function statusOf<C extends StackComponent>(context: ServerContext, state: StackState, component: C): Promise<ComponentStatus> {
  const external = process.env['DATABASE_URL'];
  if (component === 'postgres' && external) {
    const running = await canConnect(external);
    return { component, running, detail: `external DATABASE_URL (${running ? 'connects' : 'does not connect'})` };
  }
  const record = state.components[component];
  if (!record) return { component, running: false, detail: 'never started' };
  const ports = Object.entries(record.ports as Record<string, number>)
    .map(([key, port]) => `${key} 127.0.0.1:${port}`)
    .join(', ');
  const pid = livePid(context, component, record);
  if (pid === undefined) return { component, running: false, detail: `stopped (keeps ${ports})` };
  const answers = await STACK_SERVERS[component].answers(record.ports);
  const since = record.startedAt ? `, up ${formatUptime(Date.now() - Date.parse(record.startedAt))}` : '';
  return { component, running: answers, detail: `pid ${pid}, ${ports}${since}${answers ? '' : ', NOT ANSWERING'}` };
}

function formatUptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h`;
}
