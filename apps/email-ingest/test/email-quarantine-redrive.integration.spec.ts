import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EMAIL_INGEST_MIGRATIONS } from '@tributary/channel-email';
import { GREENMAIL_PROJECT_USERS, mailServer, submitMail } from '@tributary/channel-email/testing';
import { TOPICS } from '@tributary/contracts';
import { bootApp, createTestDatabase, freePort, ownConsumerGroups, startRouterForTenant, waitFor, type BootedApp, type RouterUnderTest, type TestDatabase } from '@tributary/platform-testing';
import { emailIngestApp } from '../src/email-ingest.app';
import { EMAIL_OUTBOUND_GROUP } from '../src/outbound-replies.service';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface TicketView {
  readonly ticketId: string;
  readonly messages: readonly { text: string; subject: string | null }[];
}

interface ListedMail {
  readonly id: string;
  readonly messageId: string | null;
  readonly code: string;
  readonly source: string;
  readonly storageUri: string;
  readonly redriveOutcome: string | null;
}

/**
 * Issue 14, item 7: a mail quarantined for a cause (more MIME parts than email-ingest allows), the
 * cause removed (the operator re-drives with the default limit), re-driven twice through
 * `./tributary quarantine redrive`: one message on the ticket, and the quarantine row says so.
 */
describe('quarantine: list, show and re-drive a quarantined mail to one ticket message', () => {
  const tenantId = `qr-${randomUUID().slice(0, 8)}`;
  const { support } = GREENMAIL_PROJECT_USERS['email-ingest'];
  const blobDir = mkdtempSync(join(tmpdir(), 'email-quarantine-'));
  let emailDb: TestDatabase;
  let router: RouterUnderTest;
  let ingest: BootedApp;
  let inboundSmtpPort: number;

  /** The operator's command, as `./tributary quarantine` runs it, against this suite's database, blob store and Kafka. */
  const quarantine = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const env = { ...process.env, DATABASE_URL: emailDb.url, BLOB_STORE_DIR: blobDir, KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '' };
    try {
      const { stdout, stderr } = await run(process.execPath, ['tools/run.js', 'tools/ops/email-quarantine.cli.ts', ...args], { cwd: REPO_ROOT, env, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
  const push = (raw: string): Promise<void> => submitMail({ envelope: { from: 'mta@customer.example', to: [support.address] }, raw }, inboundSmtpPort);
  const messages = async () => (await router.tickets<TicketView>()).flatMap((ticket) => ticket.messages);

  beforeAll(async () => {
    router = await startRouterForTenant(tenantId, 'email_quarantine_router');
    const groups = await ownConsumerGroups('email-quarantine', [{ groupId: EMAIL_OUTBOUND_GROUP, topic: TOPICS.outbound }]);
    emailDb = await createTestDatabase('email_ingest', { migrations: EMAIL_INGEST_MIGRATIONS });
    const { host, smtpPort } = mailServer();
    inboundSmtpPort = await freePort();
    ingest = await bootApp(emailIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: emailDb.url,
      BLOB_STORE_DIR: blobDir,
      // SMTP-only inbox (no password): nothing is polled, the mail comes by inbound SMTP.
      EMAIL_MAILBOXES: JSON.stringify([{ key: `${tenantId}-support`, tenantId, address: support.address }]),
      EMAIL_SMTP_HOST: host,
      EMAIL_SMTP_PORT: String(smtpPort),
      EMAIL_INBOUND_SMTP_HOST: '127.0.0.1',
      EMAIL_INBOUND_SMTP_PORT: String(inboundSmtpPort),
      // The cause: this email-ingest quarantines any mail of more than two MIME parts.
      EMAIL_MAX_MIME_PARTS: '2',
      ...groups.env,
    });
    await waitFor('email-ingest to become ready', async () => (await ingest.get('/health/ready')).status === 200, 120_000, 250);
  }, 300_000);

  afterAll(async () => {
    await ingest?.close();
    await router?.stop();
    await emailDb?.drop();
    rmSync(blobDir, { recursive: true, force: true });
  }, 60_000);

  it('quarantined, listed with its source, Message-ID and raw mail; re-driven twice once the cause is removed; one message on the ticket', async () => {
    const subject = `Photos ${randomUUID()}`;
    const messageId = `${randomUUID()}@customer.example`;
    const head = `From: Jane Doe <jane.qr@customer.example>\r\nTo: ${support.address}\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\n`;
    await push(
      `${head}Message-ID: <${messageId}>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
        '--b\r\nContent-Type: text/plain\r\n\r\nThree photos of the broken parcel.\r\n' +
        '--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename="a.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n' +
        '--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename="b.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAR\r\n--b--\r\n',
    );

    const listed = await quarantine('list', '--reason', 'too_many_parts', '--json');
    expect(listed).toMatchObject({ code: 0 });
    const mails = (JSON.parse(listed.stdout) as { quarantined: ListedMail[] }).quarantined.filter((mail) => mail.messageId === messageId);
    expect(mails).toEqual([expect.objectContaining({ code: 'TOO_MANY_PARTS', source: expect.stringMatching(/^smtp:.*#\w+ from <mta@customer\.example>$/) as unknown, storageUri: expect.stringMatching(/^file:/) as unknown, redriveOutcome: null })]);
    const id = mails[0]?.id ?? '';
    expect((await quarantine('show', id)).stdout).toContain(`message-id   ${messageId}\n`);
    expect(await messages()).toEqual([]);

    const first = await quarantine('redrive', id);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining(`re-drove ${id}: handed to Kafka`) as unknown });
    await waitFor('the re-driven mail on a ticket', async () => (await messages()).some((message) => message.subject === subject), 90_000, 250);

    expect(await quarantine('redrive', id)).toMatchObject({ code: 0 });
    // A later mail from the same sender shares the re-driven copies' partition and is handled after
    // them: once it is on the ticket, the router has seen the second copy too.
    const marker = `After ${randomUUID()}`;
    await push(`From: Jane Doe <jane.qr@customer.example>\r\nTo: ${support.address}\r\nSubject: ${marker}\r\nMessage-ID: <${randomUUID()}@customer.example>\r\n\r\nAny news?\r\n`);
    await waitFor('the later mail on a ticket', async () => (await messages()).some((message) => message.subject === marker), 90_000, 250);
    expect((await messages()).filter((message) => message.subject === subject)).toEqual([expect.objectContaining({ text: 'Three photos of the broken parcel.', attachments: [expect.objectContaining({ name: 'a.jpg' }), expect.objectContaining({ name: 'b.jpg' })] })]);

    const shown = JSON.parse((await quarantine('show', id, '--json')).stdout) as ListedMail & { redriveCount: number };
    expect(shown).toMatchObject({ redriveCount: 2, redriveOutcome: 'published' });
  });
});
