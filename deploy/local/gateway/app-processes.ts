import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPortFree } from '../src/port-selection.util';
import { isOwnProcess, spawnDetached, terminateProcess } from '../src/process-control.util';
import { repoRoot, stackPaths } from '../src/stack-paths.util';
import { GATEWAY_APPS, appProcessMarker, defaultAppPort, type GatewayApp } from './gateway-apps';
import { gatewayStateFile, readGatewayState, writeGatewayState, type GatewayState, type RunningApp } from './gateway-state.store';

export interface AppStatus {
  readonly name: string;
  readonly url: string;
  readonly ready: boolean;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** Resident memory of the app's process, when it runs. */
  readonly rssMiB: number | undefined;
}

/**
 * Starts each app as its own process (as Kubernetes would run it), reusing any that already run
 * for this stack, so starting twice is harmless.
 */
export async function startApps(stackName: string, stackEnv: Record<string, string>): Promise<void> {
  migrateRouterSchema(stackEnv);
  const paths = stackPaths(stackName);
  const stateFile = gatewayStateFile(paths.root);
  const state: GatewayState = readGatewayState(stateFile);
  for (const app of GATEWAY_APPS) {
    const known = state[app.name];
    if (known && isOwnProcess(known.pid, appProcessMarker(app.name, stackName))) continue;
    state[app.name] = await launch(app, stackName, stackEnv, paths.logsDir, known?.port);
    writeGatewayState(stateFile, state);
  }
}

/** The router refuses to be ready on an old schema; operators run this step, so the gateway does too. */
function migrateRouterSchema(stackEnv: Record<string, string>): void {
  const result = spawnSync(process.execPath, ['tools/run.js', 'apps/router/src/migrate.main.ts', 'up'], {
    cwd: repoRoot(),
    env: { ...process.env, ...stackEnv },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`router migrations failed: ${(result.stderr || result.stdout).trim()}`);
}

async function launch(app: GatewayApp, stackName: string, stackEnv: Record<string, string>, logsDir: string, previousPort?: number): Promise<RunningApp> {
  const port = await choosePort(app, stackName, previousPort);
  const logFile = join(logsDir, `${app.name}.log`);
  const pid = spawnDetached({
    command: process.execPath,
    args: ['tools/run.js', `apps/${app.name}/src/main.ts`, appProcessMarker(app.name, stackName)],
    cwd: repoRoot(),
    logFile,
    env: { ...process.env, ...stackEnv, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), KAFKA_TOPIC_PARTITIONS: process.env['KAFKA_TOPIC_PARTITIONS'] ?? '6' },
  });
  return { pid, port, logFile };
}

async function choosePort(app: GatewayApp, stackName: string, previousPort?: number): Promise<number> {
  const pinned = process.env[app.envVar];
  if (pinned) {
    const port = Number(pinned);
    if (!Number.isInteger(port) || !(await isPortFree(port))) throw new Error(`${app.envVar}=${pinned}: not a free port`);
    return port;
  }
  const start = previousPort ?? defaultAppPort(app, stackName);
  for (let port = start; port < start + 100; port += 1) if (await isPortFree(port)) return port;
  throw new Error(`no free port near ${start} for ${app.name}; set ${app.envVar}`);
}

/** Polls every app's /health/ready until all answer 200, reporting each as it turns ready. */
export async function waitForApps(stackName: string, timeoutMs: number, onReady: (status: AppStatus) => void): Promise<AppStatus[]> {
  const deadline = Date.now() + timeoutMs;
  const reported = new Set<string>();
  for (;;) {
    const statuses = await appStatuses(stackName);
    for (const status of statuses) {
      if (status.ready && !reported.has(status.name)) {
        reported.add(status.name);
        onReady(status);
      }
    }
    if (statuses.every((status) => status.ready) || Date.now() > deadline) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function appStatuses(stackName: string): Promise<AppStatus[]> {
  const paths = stackPaths(stackName);
  const state = readGatewayState(gatewayStateFile(paths.root));
  return Promise.all(
    GATEWAY_APPS.map(async (app) => {
      const running = state[app.name];
      const url = running ? `http://127.0.0.1:${running.port}` : '(not started)';
      const alive = running !== undefined && isOwnProcess(running.pid, appProcessMarker(app.name, stackName));
      return {
        name: app.name,
        url,
        ready: alive && (await isReady(url)),
        logFile: running?.logFile ?? '',
        pid: alive ? running.pid : undefined,
        rssMiB: alive ? residentMiB(running.pid) : undefined,
      };
    }),
  );
}

/** VmRSS from /proc (Linux); undefined elsewhere. */
function residentMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** SIGTERM to every app (they drain and commit), SIGKILL only after their own shutdown timeout. */
export async function stopApps(stackName: string): Promise<void> {
  const paths = stackPaths(stackName);
  const stateFile = gatewayStateFile(paths.root);
  const state = readGatewayState(stateFile);
  await Promise.all(
    GATEWAY_APPS.map(async (app) => {
      const running = state[app.name];
      if (running && isOwnProcess(running.pid, appProcessMarker(app.name, stackName))) await terminateProcess(running.pid, 30_000);
    }),
  );
  writeGatewayState(stateFile, {});
}
