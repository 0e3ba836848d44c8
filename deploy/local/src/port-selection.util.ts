import { createServer } from 'node:net';
import { FORBIDDEN_PORTS, PORT_PLANS, stackPortOffset } from './port-plan';
import type { PortKey, PortsOf } from './port-plan';
import { StackError, StackErrorCode } from './stack.error';
import type { StackComponent } from './stack.types';

/** How far past a taken default port to look for a free one. */
const SEARCH_SPAN = 100;

export interface PortRequest<C extends StackComponent> {
  readonly component: C;
  readonly stackName: string;
  readonly env: NodeJS.ProcessEnv;
  /** Ports in stack.json from an earlier run: kept so clients reconnect to the same address. */
  readonly recorded?: PortsOf<C>;
  /** Ports already promised to other components of this stack. */
  readonly reserved: ReadonlySet<number>;
  readonly isFree: (port: number) => Promise<boolean>;
}

/** Picks each port: pinned by env var, else as recorded, else the stack's default or the next free one. */
export async function selectPorts<C extends StackComponent>(request: PortRequest<C>): Promise<PortsOf<C>> {
  const { component, env, recorded, isFree } = request;
  const taken = new Set(request.reserved);
  const chosen: Partial<Record<PortKey<C>, number>> = {};
  for (const entry of PORT_PLANS[component]) {
    const key = entry.key as PortKey<C>;
    const pinned = parsePinned(entry.envVar, env[entry.envVar]);
    const previous = recorded?.[key];
    let port: number;
    if (pinned !== undefined) {
      if (taken.has(pinned) || !(await isFree(pinned))) {
        throw unavailable(`${entry.envVar}=${pinned}: the port is already in use; free it or set another port`);
      }
      port = pinned;
    } else if (previous !== undefined) {
      if (taken.has(previous) || !(await isFree(previous))) {
        throw unavailable(
          `${component} port ${previous} (recorded in stack.json) is in use by another process; stop it, ` +
            `set ${entry.envVar}, or delete .local/stack/${request.stackName} to pick new ports`,
        );
      }
      port = previous;
    } else {
      port = await firstFree(entry.base + stackPortOffset(request.stackName), taken, isFree, entry.envVar);
    }
    taken.add(port);
    chosen[key] = port;
  }
  return chosen as PortsOf<C>;
}

function parsePinned(envVar: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new StackError(StackErrorCode.InvalidConfig, `${envVar}="${raw}" is not a port number between 1024 and 65535`);
  }
  if (FORBIDDEN_PORTS.has(port)) {
    throw new StackError(StackErrorCode.InvalidConfig, `${envVar}=${port} is reserved for a system PostgreSQL; pick another port`);
  }
  return port;
}

async function firstFree(
  start: number,
  taken: ReadonlySet<number>,
  isFree: (port: number) => Promise<boolean>,
  envVar: string,
): Promise<number> {
  for (let port = start; port < start + SEARCH_SPAN && port <= 65535; port += 1) {
    if (taken.has(port) || FORBIDDEN_PORTS.has(port)) continue;
    if (await isFree(port)) return port;
  }
  throw unavailable(`no free port in ${start}-${start + SEARCH_SPAN - 1}; set ${envVar}`);
}

function unavailable(message: string): StackError {
  return new StackError(StackErrorCode.PortUnavailable, message);
}

/** Free means we can bind it on 127.0.0.1 right now (which also fails if a dual-stack socket holds it). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
