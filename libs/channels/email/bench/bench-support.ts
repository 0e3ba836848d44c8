import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';

/** The repository root, where tools/run.js starts apps from source. */
export const ROOT = resolve(__dirname, '../../../..');

/** A new, empty database on the bench stack's server; its URL. */
export async function freshDatabase(baseUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** An app's migrations, run by its own command as an operator would. */
export function migrate(script: string, databaseUrl: string): void {
  const result = spawnSync(process.execPath, ['tools/run.js', script, 'up'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} up failed: ${result.stderr || result.stdout}`);
}

/** Starts `apps/<app>` as its own process and waits until /health/ready answers 200. */
export async function startApp(app: string, appEnv: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<{ readonly baseUrl: string; readonly pid: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['tools/run.js', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'error', HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port), ...appEnv },
  });
  children.push(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
    if (await fetch(`${baseUrl}/health/ready`).then((response) => response.status === 200, () => false)) return { baseUrl, pid: child.pid ?? 0 };
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`${app} did not become ready in 60 s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
