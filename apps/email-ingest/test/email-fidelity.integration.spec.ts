import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundMessageV1, TOPICS, type InboundMessageV1Message } from '@tributary/contracts';
import { EMAIL_INGEST_MIGRATIONS } from '@tributary/channel-email';
import { GREENMAIL_PROJECT_USERS, clearMailbox, mailServer, submitMail } from '@tributary/channel-email/testing';
import { KafkaTopicReader, bootApp, createTestDatabase, freePort, ownConsumerGroups, startRouterForTenant, waitFor, type BootedApp, type RouterUnderTest, type TestDatabase } from '@tributary/platform-testing';
import { emailIngestApp } from '../src/email-ingest.app';
import { EMAIL_OUTBOUND_GROUP } from '../src/outbound-replies.service';

interface TicketView {
  readonly ticketId: string;
  readonly messages: readonly { text: string; subject: string | null }[];
}

/** Issue 14 end to end: what the helpdesk gets from mail real mail servers send, by IMAP and by inbound SMTP. */
describe('email fidelity: GreenMail, inbound SMTP, Kafka and the real router', () => {
  const tenantId = `fid-${randomUUID().slice(0, 8)}`;
  const { support } = GREENMAIL_PROJECT_USERS['email-ingest'];
  let emailDb: TestDatabase;
  let router: RouterUnderTest;
  let ingest: BootedApp;
  let inboundSmtpPort: number;
  const inbound = new KafkaTopicReader(TOPICS.inbound, InboundMessageV1, (value: InboundMessageV1Message) => value.tenantId === tenantId);

  /** Pushes raw bytes to email-ingest's inbound SMTP, as an MTA would; resolves on its 250. */
  const pushToIngest = (raw: Buffer | string, from = 'mta@customer.example'): Promise<void> => submitMail({ envelope: { from, to: [support.address] }, raw }, inboundSmtpPort);
  const recordsWithSubject = (subject: string) => inbound.records.filter((record) => record.subject === subject);
  const messagesWithSubject = async (subject: string) => (await router.tickets<TicketView>()).flatMap((ticket) => ticket.messages).filter((message) => message.subject === subject);

  beforeAll(async () => {
    await clearMailbox(support);
    router = await startRouterForTenant(tenantId, 'email_fidelity_router');
    const groups = await ownConsumerGroups('email-fidelity', [{ groupId: EMAIL_OUTBOUND_GROUP, topic: TOPICS.outbound }]);
    emailDb = await createTestDatabase('email_ingest', { migrations: EMAIL_INGEST_MIGRATIONS });
    const { host, imapPort, smtpPort } = mailServer();
    inboundSmtpPort = await freePort();
    ingest = await bootApp(emailIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: emailDb.url,
      BLOB_STORE_DIR: mkdtempSync(join(tmpdir(), 'email-fidelity-')),
      EMAIL_MAILBOXES: JSON.stringify([{ key: `${tenantId}-support`, tenantId, address: support.address, user: support.login, password: support.password }]),
      EMAIL_IMAP_HOST: host,
      EMAIL_IMAP_PORT: String(imapPort),
      EMAIL_IMAP_SECURE: 'false',
      EMAIL_SWEEP_INTERVAL_MS: '1000',
      EMAIL_SMTP_HOST: host,
      EMAIL_SMTP_PORT: String(smtpPort),
      EMAIL_INBOUND_SMTP_HOST: '127.0.0.1',
      EMAIL_INBOUND_SMTP_PORT: String(inboundSmtpPort),
      EMAIL_MAX_RECORD_BYTES: String(64 * 1024),
      ...groups.env,
    });
    await waitFor('email-ingest to become ready', async () => (await ingest.get('/health/ready')).status === 200, 60_000, 200);
    await inbound.start();
  }, 180_000);

  afterAll(async () => {
    await inbound.stop().catch(() => undefined);
    await ingest?.close();
    await router?.stop();
    await emailDb?.drop();
  });

  it('one mail without a Message-ID, fetched over IMAP and pushed over SMTP with other trailing line endings, is one message', async () => {
    const subject = `No id ${randomUUID()}`;
    const head = `From: jane@customer.example\r\nTo: ${support.address}\r\nSubject: ${subject}\r\nDate: Tue, 24 Nov 2026 09:15:00 +0100\r\n\r\n`;
    await submitMail({ envelope: { from: 'jane@customer.example', to: [support.address] }, raw: `${head}Hello,\r\nwhere is my parcel?  \r\n\r\n\r\n` });
    await pushToIngest(`${head}Hello,\r\nwhere is my parcel?`);
    await waitFor('both copies on the inbound topic', () => recordsWithSubject(subject).length === 2, 30_000, 200);
    expect(new Set(recordsWithSubject(subject).map((record) => record.provider))).toEqual(new Set(['imap', 'smtp']));
    expect(new Set(recordsWithSubject(subject).map((record) => record.dedupeKey)).size).toBe(1);
    await waitFor('the message on a ticket', async () => (await messagesWithSubject(subject)).length === 1, 30_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await messagesWithSubject(subject)).toHaveLength(1);
  });

  it('NUL in a mail pushed over SMTP: acknowledged, and stored by the router without it (not dead-lettered after the 250)', async () => {
    const subject = `Nul ${randomUUID()}`;
    await pushToIngest(Buffer.from(`From: jane@customer.example\r\nTo: ${support.address}\r\nMessage-ID: <${randomUUID()}@customer.example>\r\nSubject: ${subject}\r\n\r\nHel\0lo\r\n`, 'latin1'));
    await waitFor('the message on a ticket', async () => (await messagesWithSubject(subject)).length === 1, 30_000, 200);
    expect((await messagesWithSubject(subject))[0]?.text).toBe('Hello');
  });

  it('an HTML-only mail with an inline image reaches the helpdesk with a readable text', async () => {
    const subject = `Html ${randomUUID()}`;
    await pushToIngest(
      `From: jane@customer.example\r\nTo: ${support.address}\r\nMessage-ID: <${randomUUID()}@customer.example>\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="rel"\r\n\r\n` +
        '--rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Please refund <a href="https://shop.example/o/77">order 77</a>.</p><img src="cid:logo@x">\r\n' +
        '--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--rel--\r\n',
    );
    await waitFor('the message on a ticket', async () => (await messagesWithSubject(subject)).length === 1, 30_000, 200);
    expect((await messagesWithSubject(subject))[0]?.text).toBe('Please refund order 77 [https://shop.example/o/77].');
  });

  it('a mail whose record would be over the Kafka limit is delivered with its body in the blob store', async () => {
    const subject = `Big ${randomUUID()}`;
    const text = 'Mein Paket ist nicht angekommen. '.repeat(3_000);
    await pushToIngest(`From: jane@customer.example\r\nTo: ${support.address}\r\nMessage-ID: <${randomUUID()}@customer.example>\r\nSubject: ${subject}\r\n\r\n${text}\r\n`);
    await waitFor('the record on the inbound topic', () => recordsWithSubject(subject).length === 1, 30_000, 200);
    const [record] = recordsWithSubject(subject);
    expect(record?.attachments).toEqual([expect.objectContaining({ name: 'message-body.txt', contentType: 'text/plain; charset=utf-8' })]);
    expect(record?.attachments?.[0]?.sizeBytes).toBeGreaterThanOrEqual(Buffer.byteLength(text.trim()));
    expect(record?.extras).toEqual(expect.objectContaining({ textTruncated: true, fullTextAttachment: 'message-body.txt' }));
    await waitFor('the message on a ticket', async () => (await messagesWithSubject(subject)).length === 1, 30_000, 200);
  });

  it('a mail quarantined over inbound SMTP gets its 250, and its row says which mail: Message-ID, SMTP session and envelope sender', async () => {
    const messageId = `${randomUUID()}@nowhere.example`;
    await pushToIngest(`To: ${support.address}\r\nMessage-ID: <${messageId}>\r\nSubject: nobody\r\n\r\nNo sender anywhere.\r\n`, 'relay@nowhere.example');
    const rows = await emailDb.dataSource.query<{ code: string; source: string; message_id: string }[]>('SELECT code, source, message_id FROM email_quarantine WHERE tenant_id = $1 AND message_id = $2', [tenantId, messageId]);
    expect(rows).toEqual([{ code: 'NO_SENDER', source: expect.stringMatching(/^smtp:(?:::ffff:)?127\.0\.0\.1#\w+ from <relay@nowhere\.example>$/), message_id: messageId }]);
  });
});
