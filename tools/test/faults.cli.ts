import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startStack, stopStack } from '@tributary/local-stack';

const HELP = `usage: ./tributary faults [--inputs N] [--keep-stack]

The long fault run: the router's fault suites (a router SIGKILLed between its database commit and
its offset commit; a router frozen with SIGSTOP while another takes its partitions, then resumed;
the same messages on two routers at once; the broker SIGKILLed and frozen mid-stream; PostgreSQL
stopped under load), each judged by the exactly-once oracle, with N numbered inputs per customer (six customers; default 200,
the default test command runs 10). Starts the "test" stack and the suites' own stacks, and stops
them afterwards unless --keep-stack.
`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const inputsAt = argv.indexOf('--inputs');
  const inputs = inputsAt >= 0 ? Number(argv[inputsAt + 1]) : 200;
  if (!Number.isInteger(inputs) || inputs < 1) {
    process.stderr.write(`--inputs takes a whole number of inputs per customer, got "${argv[inputsAt + 1] ?? ''}"\n\n${HELP}`);
    return 2;
  }
  const root = repoRoot();
  const stack = await startStack({ name: 'test', log: (line) => process.stdout.write(`${line}\n`) });
  try {
    const result = spawnSync(join(root, 'node_modules', '.bin', 'jest'), ['-c', 'apps/router/jest.faults.config.js'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...stack.env, TRIBUTARY_STACK_NAME: 'test', TRIBUTARY_FAULT_INPUTS_PER_CUSTOMER: String(inputs) },
    });
    return result.status ?? 1;
  } finally {
    if (!argv.includes('--keep-stack')) await stopStack({ name: 'test' });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
