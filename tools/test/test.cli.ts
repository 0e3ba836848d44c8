import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startStack, stopStack } from '@tributary/local-stack';
import { readTestTotals } from './test-results.util';

const HELP = `usage: npm test [-- --unit-only | --integration-only] [--keep-stack]

Runs everything: lint, type-check and unit tests of every project (Nx), then starts the "test"
local stack (Kafka, PostgreSQL, mail server) and runs every integration suite against it.
  --unit-only          static checks and unit tests; no servers
  --integration-only   integration suites only
  --keep-stack         leave the test stack running afterwards (faster reruns)
`;

const root = repoRoot();
const resultsDir = join(root, '.local', 'test-results');
const args = new Set(process.argv.slice(2));
const timings: string[] = [];

function nx(targets: string, extraEnv: Record<string, string> = {}, parallel = 2): boolean {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'nx'),
    // CI proves every test, so it never replays results from Nx's cache.
    ['run-many', '-t', ...targets.split(' '), `--parallel=${parallel}`, '--output-style=stream', ...(process.env['CI'] ? ['--skip-nx-cache'] : [])],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...extraEnv } },
  );
  return result.status === 0;
}

async function phase<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  try {
    return await work();
  } finally {
    timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function main(): Promise<number> {
  if (args.has('--help') || args.has('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  rmSync(resultsDir, { recursive: true, force: true });
  let ok = true;

  if (!args.has('--integration-only')) {
    ok = (await phase('lint, type-check and unit tests', () => nx('lint typecheck test'))) && ok;
  }
  if (!args.has('--unit-only')) {
    try {
      const stack = await phase('start the test stack', () => startStack({ name: 'test', log: (line) => process.stdout.write(`${line}\n`) }));
      // One suite at a time: they share one broker and one database on a two-core machine.
      ok = (await phase('integration tests', () => nx('integration', { ...stack.env, TRIBUTARY_STACK_NAME: 'test' }, 1))) && ok;
    } finally {
      if (!args.has('--keep-stack')) await phase('stop the test stack', () => stopStack({ name: 'test' }));
    }
  }

  const totals = readTestTotals(resultsDir);
  process.stdout.write(`\n${timings.join('\n')}\n${totals.suites} suites\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  return ok && totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
