import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPS, buildAppClosure, type AppName } from '../src/app-closure.builder';
import { productionNodeModules } from '../src/production-dependencies.util';

/*
 * Each app's image, minus the image: its compiled closure beside production-only node_modules, run
 * as an unprivileged user (nobody, when the test runs as root as CI does) on a tree it cannot write,
 * with only /tmp, the spool and the blob directory writable, like the chart's volumes. Kafka and
 * PostgreSQL are unreachable on purpose: liveness must not depend on them, and SIGTERM must still
 * end the process cleanly within SHUTDOWN_TIMEOUT_MS.
 */

const UNPRIVILEGED = 65_534;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const runsAsRoot = process.getuid?.() === 0;

let root: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function writableDir(path: string): string {
  mkdirSync(path, { recursive: true });
  if (runsAsRoot) chownSync(path, UNPRIVILEGED, UNPRIVILEGED);
  return path;
}

/** Read-only for everybody: directories 0555, files 0444 (root still could, but never runs the app). */
function makeReadOnly(path: string): void {
  spawnSync('chmod', ['-R', 'a-w,a+rX', path]);
}

/** The variables each app needs to start; servers point at port 1, where nothing listens. */
function appEnv(app: AppName, port: number, scratch: string): NodeJS.ProcessEnv {
  const database = { DATABASE_URL: 'postgres://tributary:unreachable-password@127.0.0.1:1/none' };
  const blobs = { BLOB_STORE_KIND: 'local', BLOB_STORE_DIR: writableDir(join(scratch, 'blobs')) };
  const common: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    HOME: scratch,
    TMPDIR: writableDir(join(scratch, 'tmp')),
    NODE_ENV: 'production',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    KAFKA_BROKERS: '127.0.0.1:1',
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    LOG_LEVEL: 'warn',
  };
  switch (app) {
    case 'router':
      return { ...common, ...database };
    case 'email-ingest':
      return {
        ...common,
        ...database,
        ...blobs,
        EMAIL_MAILBOXES: JSON.stringify([{ key: 'support', tenantId: 'acme', address: 'support@acme.example', password: 'unreachable-imap-password' }]),
        EMAIL_IMAP_HOST: '127.0.0.1',
        EMAIL_IMAP_PORT: '1',
        EMAIL_IMAP_SECURE: 'false',
        EMAIL_SMTP_HOST: '127.0.0.1',
        EMAIL_SMTP_PORT: '1',
      };
    case 'voice-ingest':
      return {
        ...common,
        ...database,
        ...blobs,
        TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
        TWILIO_AUTH_TOKEN: 'unreachable-auth-token-0123456789',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:1',
        TWILIO_WEBHOOK_BASE_URL: 'https://voice.example.com',
        TWILIO_NUMBERS: JSON.stringify({ '+498912345678': { tenantId: 'acme' } }),
        SPOOL_DIR: writableDir(join(scratch, 'spool')),
      };
    case 'social-ingest':
      // WhatsApp configured in full: the chart's everything value set runs it that way.
      return {
        ...common,
        ...database,
        ...blobs,
        WHATSAPP_CLOUD_NUMBERS: JSON.stringify({ '106540352242922': { tenantId: 'acme' } }),
        WHATSAPP_CLOUD_ACCESS_TOKEN: 'unreachable-access-token-0123456789',
        WHATSAPP_CLOUD_APP_SECRETS: 'unreachable-app-secret-0123456789',
        WHATSAPP_CLOUD_VERIFY_TOKEN: 'unreachable-verify-token-0123456789',
        WHATSAPP_CLOUD_WEBHOOK_BASE_URL: 'https://social.example.com',
        WHATSAPP_CLOUD_GRAPH_BASE_URL: 'http://127.0.0.1:1',
      };
    case 'chat-ingest':
      return { ...common, ...database };
  }
}

async function waitForLive(port: number, child: ChildProcess, output: () => string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before /health/live answered:\n${output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/live`);
      if (response.status === 200) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/health/live did not answer 200 within 30 s:\n${output()}`);
}

function exitOf(child: ChildProcess, withinMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running ${withinMs} ms after SIGTERM`));
    }, withinMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - started });
    });
  });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-runtime-'));
  chmodSync(root, 0o755);
  // Hard links, not a symlink: the cache lives in the checkout, which the unprivileged user may not
  // be able to enter (a clone in root's home, mode 700); a copy where it can is what an image holds.
  const copied = spawnSync('cp', ['-al', productionNodeModules(), join(root, 'node_modules')]);
  if (copied.status !== 0) spawnSync('cp', ['-a', productionNodeModules(), join(root, 'node_modules')]);
});

afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', root]);
  rmSync(root, { recursive: true, force: true });
});

it.each(APPS)('%s runs from its pruned build as an unprivileged user on a read-only tree and stops cleanly on SIGTERM', async (app) => {
  const appDir = join(root, app);
  buildAppClosure(app, appDir);
  makeReadOnly(appDir);
  const scratch = writableDir(join(root, `${app}-scratch`));
  const port = await freePort();
  const identity = runsAsRoot ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {};

  if (existsSync(join(appDir, 'migrate.main.js'))) {
    const help = spawnSync(process.execPath, ['migrate.main.js', '--help'], { cwd: appDir, env: appEnv(app, port, scratch), encoding: 'utf8', ...identity });
    expect({ status: help.status, usage: help.stdout.split('\n')[0] }).toEqual({ status: 0, usage: `usage: ./tributary migrate ${app} [up|down|status] [--help]` });
  }

  const child = spawn(process.execPath, ['main.js'], { cwd: appDir, env: appEnv(app, port, scratch), stdio: ['ignore', 'pipe', 'pipe'], ...identity });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitForLive(port, child, () => output.slice(-4000));
    const exited = exitOf(child, SHUTDOWN_TIMEOUT_MS + 5_000);
    child.kill('SIGTERM');
    const result = await exited;
    expect({ code: result.code, signal: result.signal, output: result.code === 0 ? '' : output.slice(-4000) }).toEqual({ code: 0, signal: null, output: '' });
    expect(result.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

it('proves the tree is read-only: voice-ingest with its spool inside it never becomes live', async () => {
  const appDir = join(root, 'voice-ingest');
  if (!existsSync(join(appDir, 'main.js'))) {
    buildAppClosure('voice-ingest', appDir);
    makeReadOnly(appDir);
  }
  const scratch = writableDir(join(root, 'voice-ingest-readonly-scratch'));
  const port = await freePort();
  const env = { ...appEnv('voice-ingest', port, scratch), SPOOL_DIR: join(appDir, 'spool') };
  const child = spawn(process.execPath, ['main.js'], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'], ...(runsAsRoot ? { uid: UNPRIVILEGED, gid: UNPRIVILEGED } : {}) });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await expect(waitForLive(port, child, () => output)).rejects.toThrow(/EACCES|permission denied|read-only/i);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
