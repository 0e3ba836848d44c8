import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { freePort, freshDatabase, migrate, startApp } from './bench-support';

const USAGE = `usage: node tools/run.js libs/channels/email/bench/smtp-memory.bench.ts [options]

Starts apps/email-ingest as its own process with inbound SMTP on, sends N mails of M MB at once over
inbound SMTP (one connection each), and prints email-ingest's resident memory before, its peak
(VmHWM from /proc) and what each session was answered. A session refused for now (452 when the
bytes in flight are used up, 451) sends its mail again after --retry-after, as an MTA would, so
every mail is delivered in the end or counted as FAILED. The path measured: SMTP DATA → spool →
normalize (mailparser, attachment to the blob store) → Kafka.

Needs KAFKA_BROKERS and DATABASE_URL, e.g. from
  node tools/run.js deploy/local/cli/stack.cli.ts start --name bench   (then export what it prints)

  --mails <n>       Concurrent mails (default 4)
  --mb <n>          Size of each mail in MB, mostly one base64 attachment (default 45)
  --in-flight <n>   EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT in MB (default: unset, the app's default)
  --retry-after <s> Seconds a session waits before sending again after a 4xx, as an MTA would (default 1)
  --help            This text`;

const SUPPORT = 'support@acme.example';
const MB = 1024 * 1024;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see --help)`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { mails: { type: 'string', default: '4' }, mb: { type: 'string', default: '45' }, 'in-flight': { type: 'string' }, 'retry-after': { type: 'string', default: '1' }, help: { type: 'boolean', default: false } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const [brokers, databaseUrl] = ['KAFKA_BROKERS', 'DATABASE_URL'].map(env) as [string, string];
  const mails = Number(values.mails);
  const retryAfterMs = Number(values['retry-after']) * 1000;
  const directory = mkdtempSync(join(tmpdir(), 'smtp-memory-bench-'));
  const children: ChildProcess[] = [];
  try {
    const database = await freshDatabase(databaseUrl, 'bench_smtp_mem');
    migrate('apps/email-ingest/src/migrate.main.ts', database);
    const smtpPort = await freePort();
    const ingest = await startApp(
      'email-ingest',
      {
        DATABASE_URL: database,
        KAFKA_BROKERS: brokers,
        BLOB_STORE_DIR: join(directory, 'blobs'),
        EMAIL_MAILBOXES: JSON.stringify([{ key: 'bench-support', tenantId: `bench-${randomUUID().slice(0, 8)}`, address: SUPPORT }]),
        EMAIL_SMTP_HOST: '127.0.0.1',
        EMAIL_INBOUND_SMTP_HOST: '127.0.0.1',
        EMAIL_INBOUND_SMTP_PORT: String(smtpPort),
        EMAIL_HANDOFF_TIMEOUT_MS: '120000',
        ...(values['in-flight'] ? { EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT: String(Math.round(Number(values['in-flight']) * MB)) } : {}),
      },
      children,
    );
    await new Promise((resolveWait) => setTimeout(resolveWait, 2_000));
    const before = memory(ingest.pid);
    const raw = largeMail(Number(values.mb) * MB);
    process.stdout.write(`email-ingest pid ${ingest.pid} ready; RSS ${mib(before.rss)} MiB; sending ${mails} mails of ${(raw.length / MB).toFixed(1)} MiB at once\n`);
    let peakSampled = before.rss;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memory(ingest.pid).rss)), 50);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: mails }, (_, index) => deliver(smtpPort, withMessageId(raw, index), index, retryAfterMs)));
    clearInterval(sampler);
    const accepted = answers.filter((answer) => answer.accepted).length;
    if (accepted < mails) process.exitCode = 1;
    const after = memory(ingest.pid);
    process.stdout.write(
      [
        ...answers.map((answer) => answer.line),
        `${accepted} of ${mails} mails accepted, all in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        `email-ingest RSS: before ${mib(before.rss)} MiB, peak ${mib(Math.max(after.hwm, peakSampled))} MiB (VmHWM ${mib(after.hwm)}, sampled every 50 ms ${mib(peakSampled)}), after ${mib(after.rss)} MiB`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Sends one mail until it is accepted, as an MTA does with a temporary refusal (4xx): it waits and
 * sends it again. A permanent refusal (5xx) or a dropped connection ends it. Returns the session's story.
 */
async function deliver(port: number, raw: Buffer, index: number, retryAfterMs: number): Promise<{ accepted: boolean; line: string }> {
  const started = performance.now();
  const refusals: string[] = [];
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);
  for (;;) {
    const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, socketTimeout: 300_000 });
    try {
      const info = await transport.sendMail({ envelope: { from: `customer${index}@customer.example`, to: [SUPPORT] }, raw });
      const retried = refusals.length > 0 ? `, after ${refusals.length} temporary refusal(s): ${summarize(refusals)}` : '';
      return { accepted: true, line: `session ${index}: accepted ${info.response}${retried} (${seconds()} s)` };
    } catch (error) {
      const failure = error as { responseCode?: number; response?: string; message?: string };
      const answer = failure.response ?? failure.message ?? String(error);
      if (failure.responseCode === undefined || failure.responseCode >= 500) return { accepted: false, line: `session ${index}: FAILED ${answer} (${seconds()} s)` };
      refusals.push(String(failure.responseCode));
      await new Promise((resolveWait) => setTimeout(resolveWait, retryAfterMs));
    } finally {
      transport.close();
    }
  }
}

function summarize(codes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${code} ×${count}`).join(', ');
}

/** A mail of about `bytes`: a short text body and one base64 attachment of random bytes. */
function largeMail(bytes: number): Buffer {
  const attachment = randomBytes(Math.floor((((bytes * 76) / 78) * 3) / 4))
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  const head = ['From: Customer <customer@customer.example>', `To: ${SUPPORT}`, 'Subject: large mail', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain; charset=utf-8', '', 'See the attachment.', '--b1', 'Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="data.bin"', 'Content-Transfer-Encoding: base64', '', ''].join('\r\n');
  return Buffer.from(`${head}${attachment}\r\n--b1--\r\n`);
}

function withMessageId(raw: Buffer, index: number): Buffer {
  return Buffer.concat([Buffer.from(`Message-ID: <bench-${index}-${randomUUID()}@customer.example>\r\n`), raw]);
}

/** Resident and peak resident memory of a process, in bytes. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

const mib = (bytes: number): string => (bytes / MB).toFixed(0);





main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
