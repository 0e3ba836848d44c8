// Starts, stops and shows the local stack (Kafka, PostgreSQL, GreenMail) as plain processes.
import { stackStatus, startStack, StackError, stopComponent, stopStack } from '../src/index';
import type { StackComponent, StackInfo } from '../src/index';

const COMPONENTS: readonly StackComponent[] = ['kafka', 'postgres', 'mail'];
const SELF = 'node tools/run.js deploy/local/cli/stack.cli.ts';
const USAGE = `usage: ${SELF} start|stop|status [--name <stack>] [--only kafka,postgres,mail]

  start    start the stack's servers, or reuse them if they already run
  stop     stop them (data and ports are kept for the next start)
  status   show what runs where

  --name   stack name, default "dev" (integration tests use "test"); data in .local/stack/<name>/
  --only   a comma-separated subset of: ${COMPONENTS.join(', ')}
`;

class UsageError extends Error {}

interface CliArgs {
  command: 'start' | 'stop' | 'status';
  name: string;
  only?: StackComponent[];
}

function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'start' && command !== 'stop' && command !== 'status') throw new UsageError(`unknown command "${command ?? ''}"`);
  const args: CliArgs = { command, name: 'dev' };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag ?? ''} needs a value`);
    if (flag === '--name') args.name = value;
    else if (flag === '--only') args.only = value.split(',').map(toComponent);
    else throw new UsageError(`unknown option "${flag ?? ''}"`);
  }
  return args;
}

function toComponent(value: string): StackComponent {
  const found = COMPONENTS.find((component) => component === value.trim());
  if (!found) throw new UsageError(`unknown component "${value}" (expected ${COMPONENTS.join(', ')})`);
  return found;
}

function printStarted(info: StackInfo, seconds: string): void {
  const out: string[] = [`stack "${info.name}" ready in ${seconds} s`];
  if (info.kafka) out.push(`  kafka     ${info.kafka.brokers}`);
  if (info.postgres) out.push(`  postgres  ${info.postgres.url}${info.postgres.external ? ' (external)' : ''}`);
  if (info.mail) {
    out.push(`  mail      smtp ${info.mail.host}:${info.mail.smtpPort}, imap ${info.mail.host}:${info.mail.imapPort}`);
    for (const user of info.mail.users) out.push(`            ${user.email} (login ${user.login}, password ${user.password})`);
  }
  out.push('', 'environment:', ...Object.entries(info.env).map(([key, value]) => `  export ${key}=${value}`));
  out.push('', `stop with: ${SELF} stop${info.name === 'dev' ? '' : ` --name ${info.name}`}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const started = Date.now();
  switch (args.command) {
    case 'start': {
      const info = await startStack({ name: args.name, log, ...(args.only ? { components: args.only } : {}) });
      printStarted(info, ((Date.now() - started) / 1000).toFixed(1));
      return 0;
    }
    case 'stop':
      if (args.only) for (const component of args.only) await stopComponent(args.name, component);
      else await stopStack({ name: args.name, log });
      process.stdout.write(`stack "${args.name}" stopped in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    case 'status': {
      const statuses = await stackStatus(args.name);
      for (const { component, running, detail } of statuses) {
        process.stdout.write(`${component.padEnd(9)} ${running ? 'running' : 'stopped'}  ${detail}\n`);
      }
      return 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof StackError) {
      process.stderr.write(`error: ${error.headline}\n${error.detail ? `${error.detail}\n` : ''}`);
    } else {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
