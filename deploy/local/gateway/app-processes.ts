import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPortFree } from '../src/port-selection.util';
import { isOwnProcess, spawnDetached, terminateProcess } from '../src/process-control.util';
import { repoRoot, stackPaths } from '../src/stack-paths.util';
import { Client } from 'pg';
import { GATEWAY_APPS, GATEWAY_EMULATORS, appProcessMarker, defaultAppPort, type GatewayAppName, type GatewayProcess } from './gateway-apps';
import { configDigest } from './config-digest.util';
import { localChannelConfig, type ChannelAppWithDatabase } from './local-channel-config';
import { gatewayStateFile, readGatewayState, writeGatewayState, type GatewayState, type RunningApp } from './gateway-state.store';

export interface AppStatus {
  readonly name: string;
  /** An app of the gateway, or a local emulation of a provider it calls. */
  readonly kind: 'app' | 'emulator';
  readonly url: string;
  readonly ready: boolean;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** Resident memory of the app's process, when it runs. */
  readonly rssMiB: number | undefined;
}

/**
 * Starts each app as its own process (as Kubernetes would run it), reusing any that already run
 * for this stack, so starting twice is harmless. Provider emulations start first; every app gets
 * the local channel configuration (localChannelConfig) unless the environment says otherwise.
 */
export async function startApps(stackName: string, stackEnv: Record<string, string>, onRestart: (app: GatewayAppName) => void = () => undefined): Promise<void> {
  migrateRouterSchema(stackEnv);
  const appDatabaseUrls = {
    'email-ingest': await ensureAppDatabase('email-ingest', 'email', stackEnv),
    'voice-ingest': await ensureAppDatabase('voice-ingest', 'voice', stackEnv),
    'social-ingest': await ensureAppDatabase('social-ingest', 'social', stackEnv),
    'chat-ingest': await ensureAppDatabase('chat-ingest', 'chat', stackEnv),
  };
  const paths = stackPaths(stackName);
  const stateFile = gatewayStateFile(paths.root);
  const state: GatewayState = readGatewayState(stateFile);
  const processes: readonly GatewayProcess[] = [...GATEWAY_EMULATORS, ...GATEWAY_APPS];
  const ports: Partial<Record<GatewayAppName, number>> = {};
  const running = new Set<GatewayAppName>();
  for (const app of processes) {
    const known = state[app.name];
    if (known && isOwnProcess(known.pid, appProcessMarker(app.name, stackName))) {
      running.add(app.name);
      ports[app.name] = known.port;
    } else {
      ports[app.name] = await choosePort(app, stackName, known?.port, Object.values(ports));
    }
  }
  for (const app of processes) {
    const { defaults, fixed } = localChannelConfig(app.name, { stackEnv, ports, stackRoot: paths.root, appDatabaseUrls });
    const env = { ...defaults, ...process.env, ...stackEnv, ...fixed };
    const digest = configDigest(app.name, env);
    const known = state[app.name];
    if (running.has(app.name) && known) {
      if (known.configDigest === digest) continue;
      // Another setting than the running process has (ROUTER_API_KEYS exported, say): only this one restarts.
      onRestart(app.name);
      await terminateProcess(known.pid, 30_000);
    }
    state[app.name] = launch(app, stackName, env, paths.logsDir, ports[app.name] as number, digest);
    writeGatewayState(stateFile, state);
    if (GATEWAY_EMULATORS.some((emulator) => emulator.name === app.name)) await waitUntilReady(`http://127.0.0.1:${ports[app.name]}`, 30_000);
  }
}

/** The router refuses to be ready on an old schema; operators run this step, so the gateway does too. */
function migrateRouterSchema(stackEnv: Record<string, string>): void {
  runMigrations('router', 'apps/router/src/migrate.main.ts', stackEnv);
}

/**
 * Each channel app keeps its state (checkpoints, sent replies, pending voicemails) in a database of
 * its own beside the router's, migrated the same way, as it would be in production.
 */
async function ensureAppDatabase(app: ChannelAppWithDatabase, suffix: string, stackEnv: Record<string, string>): Promise<string> {
  const url = new URL(stackEnv['DATABASE_URL'] ?? '');
  const name = `${url.pathname.slice(1) || 'tributary'}_${suffix}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  runMigrations(app, `apps/${app}/src/migrate.main.ts`, { ...stackEnv, DATABASE_URL: url.toString() });
  return url.toString();
}

function runMigrations(app: string, script: string, env: Record<string, string>): void {
  const result = spawnSync(process.execPath, ['tools/run.js', script, 'up'], { cwd: repoRoot(), env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${app} migrations failed: ${(result.stderr || result.stdout).trim()}`);
}

function launch(app: GatewayProcess, stackName: string, env: NodeJS.ProcessEnv, logsDir: string, port: number, digest: string): RunningApp {
  const logFile = join(logsDir, `${app.name}.log`);
  const pid = spawnDetached({
    command: process.execPath,
    args: ['tools/run.js', app.script, appProcessMarker(app.name, stackName)],
    cwd: repoRoot(),
    logFile,
    env: { ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), KAFKA_TOPIC_PARTITIONS: process.env['KAFKA_TOPIC_PARTITIONS'] ?? '6' },
  });
  return { pid, port, logFile, configDigest: digest };
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isReady(url))) {
    if (Date.now() > deadline) throw new Error(`${url} did not turn ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function choosePort(app: GatewayProcess, stackName: string, previousPort: number | undefined, taken: readonly (number | undefined)[]): Promise<number> {
  const pinned = process.env[app.envVar];
  if (pinned) {
    const port = Number(pinned);
    if (!Number.isInteger(port) || !(await isPortFree(port))) throw new Error(`${app.envVar}=${pinned}: not a free port`);
    return port;
  }
  const start = previousPort ?? defaultAppPort(app, stackName);
  for (let port = start; port < start + 100; port += 1) if (!taken.includes(port) && (await isPortFree(port))) return port;
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
  const processes: readonly GatewayProcess[] = [...GATEWAY_APPS, ...GATEWAY_EMULATORS];
  return Promise.all(
    processes.map(async (app) => {
      const running = state[app.name];
      const url = running ? `http://127.0.0.1:${running.port}` : '(not started)';
      const alive = running !== undefined && isOwnProcess(running.pid, appProcessMarker(app.name, stackName));
      return {
        name: app.name,
        kind: GATEWAY_EMULATORS.some((emulator) => emulator.name === app.name) ? ('emulator' as const) : ('app' as const),
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
  // Emulations last: apps still sending while they drain must not meet a closed port.
  for (const emulator of GATEWAY_EMULATORS) {
    const running = state[emulator.name];
    if (running && isOwnProcess(running.pid, appProcessMarker(emulator.name, stackName))) await terminateProcess(running.pid, 10_000);
  }
  writeGatewayState(stateFile, {});
}
