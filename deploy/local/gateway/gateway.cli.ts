import { stackStatus, startStack, stopStack } from '../src/index';
import { stackPaths } from '../src/stack-paths.util';
import { appStatuses, startApps, stopApps, waitForApps, type AppStatus } from './app-processes';
import { LOCAL_OPERATOR, LOCAL_TENANTS, localApiKeys, localApiKeysFile } from './local-api-keys';

const HELP = `Tributary local gateway: the whole gateway on this machine, no Docker needed.

usage: npm start            start Kafka, PostgreSQL, the mail server and the five apps
       npm run status       show what runs and whether each app is ready
       npm run stop         stop the apps, then the servers

options (after --, e.g. npm start -- --name demo):
  --name NAME   stack name (default dev); each name has its own data folder and ports
  --help        this text

Starting is idempotent: what already runs is reused. Data and logs live in .local/stack/NAME/.
Ports: see README (TRIBUTARY_*_PORT variables pin them).
`;

const READY_TIMEOUT_MS = 120_000;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function start(stackName: string): Promise<number> {
  const started = Date.now();
  const stack = await startStack({ name: stackName, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write('starting the apps…\n');
  await startApps(stackName, stack.env, (app) => process.stdout.write(`  restarting ${app}: its configuration changed\n`));
  const statuses = await waitForApps(stackName, READY_TIMEOUT_MS, (status) => process.stdout.write(`  ${status.name} ready at ${status.url}\n`));

  process.stdout.write(`\nTributary (${stackName}) in ${((Date.now() - started) / 1000).toFixed(1)} s:\n`);
  process.stdout.write(`  Kafka        ${stack.kafka?.brokers ?? '-'}\n  PostgreSQL   ${redactPassword(stack.postgres?.url)}\n`);
  process.stdout.write(`  Mail         SMTP ${stack.mail?.host}:${stack.mail?.smtpPort}, IMAP ${stack.mail?.host}:${stack.mail?.imapPort}\n`);
  for (const status of statuses) {
    const received = status.kind === 'emulator' ? `  what it received: ${status.url}${EMULATOR_RECEIVED_PATH}` : '';
    process.stdout.write(`  ${status.name.padEnd(18)}${status.url}  ${status.ready ? 'ready' : 'NOT READY'}${received}  (log: ${status.logFile})\n`);
  }
  process.stdout.write(apiKeyHelp(stackName, statuses));
  process.stdout.write(chatDemoHelp(statuses));
  const routerUrl = statuses.find((status) => status.name === 'router')?.url;
  if (routerUrl) process.stdout.write(`\nOperator console: ${routerUrl}/console  (paste a key from above; an operator key sees every tenant)\n`);
  process.stdout.write(`\nEach app serves /health/live, /health/ready and /metrics. Stop everything with: ./tributary stop${stackName === 'dev' ? '' : ` -- --name ${stackName}`}\n`);
  return statuses.every((status) => status.ready) ? 0 : 1;
}

/** Every local emulation lists what the gateway sent it here (read only). */
const EMULATOR_RECEIVED_PATH = '/emulator/received';

/** The local tenant's queue API key with a request to paste, or why the router does not use it. */
function apiKeyHelp(stackName: string, statuses: readonly AppStatus[]): string {
  if (process.env['ROUTER_API_KEYS'] !== undefined) return '\nROUTER_API_KEYS is set in your environment: the router takes those keys, not the local ones.\n';
  const root = stackPaths(stackName).root;
  const router = statuses.find((status) => status.name === 'router')?.url ?? '';
  const keys = localApiKeys(root);
  const lines = LOCAL_TENANTS.map((tenant) => `  tenant ${tenant}: ${keys[tenant]}\n  curl -H 'Authorization: Bearer ${keys[tenant]}' ${router}/v1/tickets\n`);
  const operator = `  operator (dead letters): ${keys[LOCAL_OPERATOR]}\n  curl -H 'Authorization: Bearer ${keys[LOCAL_OPERATOR]}' ${router}/v1/operator/dead-letters\n`;
  return `\nQueue API keys (kept in ${localApiKeysFile(root)}):\n${lines.join('')}${operator}`;
}

/** Where the chat widget's demo page is, when chat-ingest runs. */
function chatDemoHelp(statuses: readonly AppStatus[]): string {
  const chat = statuses.find((status) => status.name === 'chat-ingest');
  return chat ? `\nIn-app chat demo (tenant acme, anonymous visitor): ${chat.url}/demo\n` : '';
}

function redactPassword(url: string | undefined): string {
  return url ? url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : '-';
}

async function main(): Promise<number> {
  const command = process.argv[2];
  if (command === undefined || process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  const stackName = option('name', 'dev');
  switch (command) {
    case 'start':
      return start(stackName);
    case 'stop':
      await stopApps(stackName);
      await stopStack({ name: stackName, log: (line) => process.stdout.write(`${line}\n`) });
      process.stdout.write('stopped.\n');
      return 0;
    case 'status':
      for (const status of await stackStatus(stackName)) {
        process.stdout.write(`${status.component.padEnd(13)} ${status.running ? 'running' : 'stopped'}  ${status.detail}\n`);
      }
      for (const status of await appStatuses(stackName)) {
        const memory = status.rssMiB === undefined ? '' : `  ${status.rssMiB} MiB`;
        const received = status.kind === 'emulator' && status.ready ? `  received: ${status.url}${EMULATOR_RECEIVED_PATH}` : '';
        process.stdout.write(`${status.name.padEnd(18)} ${status.ready ? 'ready' : 'not ready'}  ${status.url}${memory}${received}\n`);
      }
      return 0;
    default:
      process.stderr.write(`unknown command "${command}"\n${HELP}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
