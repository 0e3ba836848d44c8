import type { ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TOPICS, TicketEventV1, decodeContract } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { ImapFlow } from 'imapflow';
import { Kafka, logLevel } from 'kafkajs';
import { createTransport } from 'nodemailer';
import { freshDatabase, migrate, startApp } from './bench-support';

const USAGE = `usage: node tools/run.js libs/channels/email/bench/email.bench.ts [options]

Runs the real router and apps/email-ingest as their own processes against a local stack, submits
mails over SMTP to GreenMail at a fixed rate (open loop), and waits for each one's ticket event on
${TOPICS.ticketEvents}. Prints throughput and the latency from SMTP submission to ticket event
(p50/p90/p99/max). The path measured: SMTP → GreenMail → IMAP IDLE → fetch → normalize → Kafka →
router → Postgres → outbox → ticket event.

Needs KAFKA_BROKERS, DATABASE_URL, MAIL_HOST, MAIL_SMTP_PORT, MAIL_IMAP_PORT, e.g. from
  node tools/run.js deploy/local/cli/stack.cli.ts start --name bench   (then export what it prints)
It creates two fresh databases (router, email-ingest) and empties support@acme.example's INBOX.

  --rate <n>      Mails per second submitted (default 20)
  --seconds <n>   Duration of the submission (default 15)
  --senders <n>   Distinct customer addresses (default 50)
  --burst <n>     Instead of a rate: n mails handed to the SMTP client at once (issue 14's acceptance:
                  200), each one's latency measured from that moment; --rate and --seconds are ignored
  --help          This text`;

const SUPPORT = { address: 'support@acme.example', login: 'support', password: 'support-secret' };

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see --help)`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rate: { type: 'string', default: '20' }, seconds: { type: 'string', default: '15' }, senders: { type: 'string', default: '50' }, burst: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const burst = values.burst === undefined ? undefined : Number(values.burst);
  if (burst !== undefined && !(Number.isInteger(burst) && burst >= 1)) throw new Error(`--burst must be a whole number from 1 (got ${values.burst})`);
  const [brokers, databaseUrl, mailHost, smtpPort, imapPort] = ['KAFKA_BROKERS', 'DATABASE_URL', 'MAIL_HOST', 'MAIL_SMTP_PORT', 'MAIL_IMAP_PORT'].map(env) as [string, string, string, string, string];
  // A burst is every mail at the same instant: an infinite rate schedules them all at the start.
  const rate = burst === undefined ? Number(values.rate) : Number.POSITIVE_INFINITY;
  const total = burst ?? Math.round(rate * Number(values.seconds));
  const senders = Number(values.senders);
  const tenantId = `bench-${randomUUID().slice(0, 8)}`;
  const directory = mkdtempSync(join(tmpdir(), 'email-bench-'));
  const children: ChildProcess[] = [];
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'email-bench', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `email-bench-${tenantId}` });
  try {
    const [routerDb, emailDb] = await Promise.all([freshDatabase(databaseUrl, 'bench_router'), freshDatabase(databaseUrl, 'bench_email')]);
    migrate('apps/router/src/migrate.main.ts', routerDb);
    migrate('apps/email-ingest/src/migrate.main.ts', emailDb);
    await emptyInbox(mailHost, Number(imapPort));
    const apiKey = randomUUID();
    const router = await startApp('router', { DATABASE_URL: routerDb, KAFKA_BROKERS: brokers, ROUTER_API_KEYS: `${tenantId}=${createHash('sha256').update(apiKey).digest('hex')}` }, children);
    const ingest = await startApp(
      'email-ingest',
      {
        DATABASE_URL: emailDb,
        KAFKA_BROKERS: brokers,
        BLOB_STORE_DIR: join(directory, 'blobs'),
        EMAIL_MAILBOXES: JSON.stringify([{ key: `${tenantId}-support`, tenantId, address: SUPPORT.address, user: SUPPORT.login, password: SUPPORT.password }]),
        EMAIL_IMAP_HOST: mailHost,
        EMAIL_IMAP_PORT: imapPort,
        EMAIL_IMAP_SECURE: 'false',
        EMAIL_SWEEP_INTERVAL_MS: '1000',
        EMAIL_SMTP_HOST: mailHost,
        EMAIL_SMTP_PORT: smtpPort,
      },
      children,
    );
    const offered = burst === undefined ? `at ${rate}/s` : 'at once (a burst)';
    process.stdout.write(`router ${router.baseUrl}, email-ingest ${ingest.baseUrl} ready; submitting ${total} mails ${offered} from ${senders} senders\n`);

    const submittedAt = new Map<string, number>();
    const latencies: number[] = [];
    let lastEventAt = 0;
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.ticketEvents, fromBeginning: false });
    await consumer.run({
      eachMessage: ({ message }) => {
        const event = decodeContract(TicketEventV1, message.value);
        if (event.tenantId !== tenantId || (event.type !== 'ticket.created' && event.type !== 'ticket.message-added')) return Promise.resolve();
        const started = submittedAt.get(event.message.subject ?? '');
        if (started !== undefined) {
          latencies.push(performance.now() - started);
          submittedAt.delete(event.message.subject ?? '');
          lastEventAt = performance.now();
        }
        return Promise.resolve();
      },
    });
    await new Promise((resolveWait) => setTimeout(resolveWait, 3_000));

    const transport = createTransport({ host: mailHost, port: Number(smtpPort), secure: false, pool: true, maxConnections: 4 });
    const started = performance.now();
    const sends: Promise<unknown>[] = [];
    let failures = 0;
    for (let index = 0; index < total; index += 1) {
      const wait = started + (index * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
      const subject = `bench ${tenantId} #${index}`;
      submittedAt.set(subject, performance.now());
      sends.push(
        transport
          .sendMail({ from: `customer${index % senders}@customer.example`, to: SUPPORT.address, subject, text: `Benchmark mail ${index}.`, messageId: `<${randomUUID()}@customer.example>` })
          .catch(() => void (failures += 1)),
      );
    }
    await Promise.all(sends);
    // How much of a latency was the SMTP server taking the mail: a burst queues on the client's connections.
    const acceptedS = (performance.now() - started) / 1000;
    transport.close();
    const deadline = performance.now() + 120_000;
    while (latencies.length + failures < total && performance.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 200));

    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
    const elapsedS = (lastEventAt - started) / 1000;
    process.stdout.write(
      [
        `mails ${total} submitted (${failures} refused by SMTP), ${latencies.length} ticket events in ${elapsedS.toFixed(1)} s: ${(latencies.length / elapsedS).toFixed(1)} mails/s end to end (offered ${offered})`,
        `every mail accepted by SMTP ${acceptedS.toFixed(1)} s after the first was submitted`,
        `SMTP submission → ticket event ms: p50 ${at(50).toFixed(0)}  p90 ${at(90).toFixed(0)}  p99 ${at(99).toFixed(0)}  max ${(sorted.at(-1) ?? Number.NaN).toFixed(0)}`,
        ...(latencies.length + failures < total ? [`MISSING: ${total - failures - latencies.length} mails had no ticket event within 120 s`] : []),
      ].join('\n') + '\n',
    );
  } finally {
    await consumer.disconnect().catch(() => undefined);
    for (const child of children) child.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  }
}



async function emptyInbox(host: string, port: number): Promise<void> {
  const client = new ImapFlow({ host, port, secure: false, auth: { user: SUPPORT.login, pass: SUPPORT.password }, logger: false });
  await client.connect();
  await client.mailboxOpen('INBOX');
  if (client.mailbox && client.mailbox.exists > 0) await client.messageDelete('1:*');
  await client.logout();
}



main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
