import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startStack, stopStack } from '@tributary/local-stack';
import { orderItems, parseTestOrder, TEST_ORDER_VARIABLE, type TestOrder } from './test-order.util';
import { readTestTotals } from './test-results.util';

const HELP = `usage: npm test [-- --unit-only | --integration-only] [--keep-stack]

Runs everything: lint, type-check and unit tests of every project (Nx), then starts the "test"
local stack (Kafka, PostgreSQL, mail server) and runs every integration suite against it.
  --unit-only          static checks and unit tests; no servers
  --integration-only   integration suites only
  --keep-stack         leave the test stack running afterwards (faster reruns)

Environment:
  TRIBUTARY_STACK_NAME   the stack the integration suites run on (default "test"), so two runs on
                         one machine can keep apart; suites that need servers of their own name
                         theirs after it
  TRIBUTARY_TEST_ORDER   proves the integration suites pass in any order: "reverse" runs the
                         projects one at a time by name, last first, and each project's suites by
                         path, last first; "shuffle:<seed>" shuffles both (the same seed repeats the
                         order). Unset: Nx's order of projects and jest's order of suites.
                         e.g. TRIBUTARY_TEST_ORDER=reverse npm test -- --integration-only
  TRIBUTARY_TEST_LANES   how many integration projects run at once (default 2; 1 runs one at a
                         time); the suites that time real faults (each project's
                         integration-faults target) run afterwards, one project at a time
`;

const root = repoRoot();
const resultsDir = join(root, '.local', 'test-results');
const args = new Set(process.argv.slice(2));
const timings: string[] = [];
const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

function nx(targets: string, extraEnv: Record<string, string> = {}, parallel = 2, projects: readonly string[] = []): boolean {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'nx'),
    // CI proves every test, so it never replays results from Nx's cache.
    [
      'run-many',
      '-t',
      ...targets.split(' '),
      ...(projects.length > 0 ? [`--projects=${projects.join(',')}`] : []),
      `--parallel=${parallel}`,
      '--output-style=stream',
      ...(process.env['CI'] ? ['--skip-nx-cache'] : []),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...nxEnv, ...extraEnv } },
  );
  return result.status === 0;
}

/**
 * The TypeScript configurations that cover the whole workspace: the root one holds every project's
 * files under the same options, and the console's browser module is checked against the DOM.
 */
const WORKSPACE_TSCONFIGS = ['tsconfig.json', 'libs/router/queue-api/src/console/assets/tsconfig.json'];

/**
 * Type-checks the workspace in one compiler run per configuration: each file once, where a run per
 * project checks every library a project imports again (measured: 17 s of CPU against 170 s for
 * the 29 projects' own typecheck targets, which stay for a developer's `nx affected`).
 */
function typecheckWorkspace(): boolean {
  return WORKSPACE_TSCONFIGS.map((config) => {
    process.stdout.write(`tsc -p ${config}\n`);
    return spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', config], { cwd: root, stdio: 'inherit' }).status === 0;
  }).every(Boolean);
}

/** Every project with integration suites (either target), in the order TRIBUTARY_TEST_ORDER names. */
function integrationProjects(order: TestOrder): string[] {
  const withTarget = (target: string): string[] => {
    const listed = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['show', 'projects', '--with-target', target, '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...nxEnv },
    });
    if (listed.status !== 0) throw new Error(`nx show projects failed: ${listed.stderr}`);
    return JSON.parse(listed.stdout) as string[];
  };
  const projects = [...new Set([...withTarget('integration'), ...withTarget(FAULT_TARGET)])].sort();
  return orderItems(projects, order, (project) => project, 'projects');
}

/**
 * The suites that time real faults (the router's frozen and killed routers; the rollout's whole
 * deployment under load with the soak's SIGKILLs) are each project's `integration-faults` target:
 * they run after all the others, one project at a time, so the session timeouts, shutdowns and
 * readiness they wait for are not slowed by other suites sharing the two cores.
 */
const FAULT_TARGET = 'integration-faults';

/**
 * Two projects at once by default: every suite owns its consumer groups, database, tenant and any
 * server it stops, so two can share the broker, and most of a suite's time is spent waiting on
 * timeouts and servers rather than on the CPU. Within a project, one suite at a time. In a chosen
 * order, one project after the other (Nx picks its own order within one run), each running on
 * after another failed, as Nx does.
 */
function integration(env: Record<string, string>): boolean {
  const order = parseTestOrder(process.env[TEST_ORDER_VARIABLE]);
  if (order.kind === 'default') {
    const together = nx('integration', env, integrationLanes());
    return nx(FAULT_TARGET, env, 1) && together;
  }
  const projects = integrationProjects(order);
  process.stdout.write(`${TEST_ORDER_VARIABLE}=${process.env[TEST_ORDER_VARIABLE] ?? ''}: ${projects.join(', ')}\n`);
  return projects.map((project) => nx(`integration ${FAULT_TARGET}`, env, 1, [project])).every(Boolean);
}

function integrationLanes(): number {
  const raw = process.env['TRIBUTARY_TEST_LANES'] ?? '2';
  const lanes = Number(raw);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 8) {
    throw new Error(`TRIBUTARY_TEST_LANES must be a whole number from 1 to 8, got "${raw}"`);
  }
  return lanes;
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
  // Refused before anything runs: a typo in the order must not cost a whole run.
  parseTestOrder(process.env[TEST_ORDER_VARIABLE]);
  integrationLanes();
  rmSync(resultsDir, { recursive: true, force: true });
  let ok = true;

  if (!args.has('--integration-only')) {
    ok = (await phase('lint, type-check and unit tests', () => [nx('lint test'), typecheckWorkspace()].every(Boolean))) && ok;
  }
  if (!args.has('--unit-only')) {
    const name = process.env['TRIBUTARY_STACK_NAME'] ?? 'test';
    try {
      const stack = await phase('start the test stack', () => startStack({ name, log: (line) => process.stdout.write(`${line}\n`) }));
      ok = (await phase('integration tests', () => integration({ ...stack.env, TRIBUTARY_STACK_NAME: name }))) && ok;
    } finally {
      if (!args.has('--keep-stack')) await phase('stop the test stack', () => stopStack({ name }));
    }
  }

  const totals = readTestTotals(resultsDir, root);
  process.stdout.write(`\n${timings.join('\n')}\n${totals.suites} suites\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  if (totals.failures.length > 0) process.stdout.write(`failed:\n${totals.failures.map((line) => `  ${line}`).join('\n')}\n`);
  return ok && totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
