import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDataSource } from '@tributary/platform-database';
import { Client } from 'pg';
import { VOICE_INGEST_MIGRATIONS } from '../src/persistence/voice-migrations';
import { twilioSignature } from '../src/twilio/twilio-signature.util';

const USAGE = `usage: node tools/run.js libs/channels/voice/bench/webhook.bench.ts [options]

Runs apps/voice-ingest as its own process and posts Twilio-signed SMS webhooks at a fixed rate
(open loop: requests leave on schedule whatever the answers do), then prints the webhook answer
latency (measured from each request's scheduled time) as p50/p90/p99/max.

  --brokers <host:port>  Kafka to hand off to (default: $KAFKA_BROKERS). Start one with
                         node tools/run.js deploy/local/cli/stack.cli.ts start --name bench --only kafka
  --kafka-down           Point the service at a closed port instead: every webhook goes to the spool
  --database <url>       PostgreSQL to create a scratch voice-ingest database on, migrated, and drop
                         afterwards (default: $DATABASE_URL; any database of that server will do)
  --rate <n>             Requests per second (default 500)
  --seconds <n>          Measured duration (default 10), after a 2 s warm-up at the same rate
  --senders <n>          Distinct caller numbers (default 200)
  --help                 This text`;

const ACCOUNT = `AC${'b'.repeat(32)}`;
const TOKEN = 'bench-auth-token-0123456789';
const LINE = '+498912345678';
const PUBLIC = 'https://voice.example.com';
const ROOT = resolve(__dirname, '../../../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string' },
      'kafka-down': { type: 'boolean', default: false },
      database: { type: 'string' },
      rate: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '10' },
      senders: { type: 'string', default: '200' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const brokers = values['kafka-down'] ? '127.0.0.1:1' : (values.brokers ?? process.env['KAFKA_BROKERS']);
  if (!brokers) throw new Error('no Kafka: pass --brokers, set KAFKA_BROKERS, or use --kafka-down (see --help)');
  const server = values.database ?? process.env['DATABASE_URL'];
  if (!server) throw new Error('no PostgreSQL: pass --database or set DATABASE_URL (see --help)');
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const senders = Array.from({ length: Number(values.senders) }, (_, index) => `+4917${String(index).padStart(9, '0')}`);

  const directory = mkdtempSync(join(tmpdir(), 'voice-bench-'));
  const database = await scratchDatabase(server);
  const port = await freePort();
  const child = startService(port, brokers, database.url, directory);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base, child);
    process.stdout.write(`voice-ingest ready (Kafka ${values['kafka-down'] ? 'unreachable: spool path' : brokers}); warm-up 2 s at ${rate}/s\n`);
    await load(base, senders, rate, 2);
    const { latencies, failures, elapsedS } = await load(base, senders, rate, seconds);
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
    process.stdout.write(
      [
        `requests ${latencies.length + failures} in ${elapsedS.toFixed(1)} s (${((latencies.length + failures) / elapsedS).toFixed(0)}/s offered ${rate}/s), non-200 ${failures}`,
        `answer latency ms: p50 ${at(50).toFixed(1)}  p90 ${at(90).toFixed(1)}  p99 ${at(99).toFixed(1)}  max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)}`,
      ].join('\n') + '\n',
    );
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.once('exit', resolve) : resolve(undefined)));
    await database.drop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** voice-ingest requires its own migrated database; the bench makes one beside `server`'s and drops it after. */
async function scratchDatabase(server: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `voice_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  const drop = async (): Promise<void> => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  const dataSource = createDataSource({ url: url.toString(), poolSize: 1, applicationName: 'voice-bench', migrations: VOICE_INGEST_MIGRATIONS });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await drop();
    throw error;
  }
  await dataSource.destroy();
  return { url: url.toString(), drop };
}

async function load(base: string, senders: readonly string[], rate: number, seconds: number): Promise<{ latencies: number[]; failures: number; elapsedS: number }> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const scheduled = started + (index * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      post(base, senders[index % senders.length] ?? LINE).then(
        (status) => (status === 200 ? void latencies.push(performance.now() - scheduled) : void (failures += 1)),
        () => void (failures += 1),
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failures, elapsedS: (performance.now() - started) / 1000 };
}

async function post(base: string, from: string): Promise<number> {
  const messageSid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: messageSid, SmsSid: messageSid, AccountSid: ACCOUNT, From: from, To: LINE, Body: 'benchmark message', NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01' };
  const response = await fetch(`${base}/twilio/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC}/twilio/sms`, params) },
    body: new URLSearchParams(params).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

function startService(port: number, brokers: string, databaseUrl: string, directory: string): ChildProcess {
  return spawn(process.execPath, ['tools/run.js', 'apps/voice-ingest/src/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      KAFKA_BROKERS: brokers,
      DATABASE_URL: databaseUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_WEBHOOK_BASE_URL: PUBLIC,
      TWILIO_API_BASE_URL: 'http://127.0.0.1:1',
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId: 'bench' } }),
      SPOOL_DIR: join(directory, 'spool'),
      SPOOL_MAX_BYTES: String(1024 * 1024 * 1024),
      BLOB_STORE_DIR: join(directory, 'blobs'),
    },
  });
}

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`voice-ingest exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/health/ready`).then((response) => response.status === 200, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('voice-ingest did not become ready in 60 s');
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
