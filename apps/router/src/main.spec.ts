import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');

function runMain(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['tools/run.js', 'apps/router/src/main.ts', ...args], {
    cwd: repo,
    env: { PATH: process.env['PATH'], ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('router main', () => {
  it('refuses to start on bad configuration, naming each variable, with exit code 78', () => {
    const result = runMain([], { KAFKA_BROKERS: 'kafka-without-port', DATABASE_URL: 'postgres://tributary:hunter2@db:5432/x', HTTP_PORT: 'eighty' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('KAFKA_BROKERS: each broker must be host:port');
    expect(result.stderr).toContain('HTTP_PORT:');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('prints every variable for --help and exits 0', () => {
    const result = runMain(['--help'], {});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/DATABASE_URL\s+PostgreSQL connection URL.*\[required, secret\]/);
  });
});
