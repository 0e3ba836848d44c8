import { randomUUID } from 'node:crypto';
import { SentRepliesRepository } from '@tributary/channel-kit';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundMessageV1, OutboundMessageV1, TOPICS, parseContract, type OutboundMessageV1Input } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { ContractPublisher } from '@tributary/platform-kafka';
import { waitFor } from '@tributary/platform-testing';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { GREENMAIL_PROJECT_USERS, clearMailbox, mailServer, readMailbox } from '../src/testing';
import { InboundSmtpServer } from '../src/smtp-inbound/inbound-smtp.server';
import { EmailReplySender } from '../src/smtp-outbound/email-reply.sender';
import { smtpTransport } from '../src/smtp-outbound/smtp-transport.util';
import { EmailIntake } from '../src/intake/email-intake.service';
import { EmailNormalizer } from '../src/mime/email-normalizer.service';
import { emailHarness, testKafka, type EmailHarness } from './email-test-harness';

describe('SMTP adapters against GreenMail, Kafka and Postgres', () => {
  const tenantId = `smtp-${randomUUID().slice(0, 8)}`;
  const { support, customer } = GREENMAIL_PROJECT_USERS['channel-email'];
  let harness: EmailHarness;

  beforeAll(async () => {
    harness = await emailHarness(tenantId);
  });
  afterAll(() => harness.close());

  describe('replies out', () => {
    const transports: ReturnType<typeof smtpTransport>[] = [];
    const transport = () => {
      const created = smtpTransport({ host: mailServer().host, port: mailServer().smtpPort, secure: false });
      transports.push(created);
      return created;
    };
    afterAll(() => transports.forEach((created) => created.close()));
    const sender = (t = transport()) =>
      new EmailReplySender(t, new LocalDirectoryBlobStore(mkdtempSync(join(tmpdir(), 'reply-'))), harness.state, {
        ownAddresses: new Set([support.address, GREENMAIL_PROJECT_USERS['channel-email'].sales.address]),
        attempts: 2,
        retryDelayMs: 10,
        now: () => new Date(),
        sleep: () => Promise.resolve(),
      });

    function reply(changes: Partial<OutboundMessageV1Input> = {}) {
      return parseContract(OutboundMessageV1, {
        schemaVersion: 1,
        outboundId: randomUUID(),
        tenantId,
        ticketId: randomUUID(),
        channel: 'email',
        to: { kind: 'email', value: customer.address },
        from: { address: support.address, displayName: 'Acme Support' },
        subject: '[#T-ABC] Re: Parcel',
        text: 'We sent it again.',
        thread: { inReplyTo: 'c2@customer.example', references: ['c1@customer.example', 'c2@customer.example'] },
        author: { kind: 'agent', id: 'agent-7' },
        autoSubmitted: false,
        requestedAt: new Date().toISOString(),
        traceId: randomUUID().replace(/-/g, ''),
        ...changes,
      });
    }

    beforeEach(() => clearMailbox(customer));

    it("arrives in the customer's mailbox continuing the thread, and is reported sent", async () => {
      const outbound = reply();
      const status = await sender().send(outbound);
      expect(status).toMatchObject({ state: 'sent', outboundId: outbound.outboundId, provider: 'smtp', providerMessageId: `${outbound.outboundId}@acme.example` });
      await waitFor('the reply in the customer mailbox', async () => (await readMailbox(customer)).length === 1, 10_000);
      const [mail] = await readMailbox(customer);
      expect(mail?.raw).toContain(`Message-ID: <${outbound.outboundId}@acme.example>`);
      expect(mail?.raw).toContain('In-Reply-To: <c2@customer.example>');
      expect(mail?.raw).toContain('References: <c1@customer.example> <c2@customer.example>');
      expect(mail?.raw).toContain('Subject: [#T-ABC] Re: Parcel');
      expect(mail?.raw).not.toContain('Auto-Submitted');
    });

    it('attachments are read from the blob store and sent with the reply', async () => {
      const blobStore = new LocalDirectoryBlobStore(mkdtempSync(join(tmpdir(), 'reply-blob-')));
      const stored = await blobStore.put(Buffer.from('label for the return parcel'));
      const withBlobs = new EmailReplySender(transport(), blobStore, harness.state, { ownAddresses: new Set(), attempts: 1, retryDelayMs: 0, now: () => new Date(), sleep: () => Promise.resolve() });
      const outbound = reply({ attachments: [{ name: 'return-label.txt', contentType: 'text/plain', sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageUri: stored.storageUri }] });
      expect((await withBlobs.send(outbound)).state).toBe('sent');
      await waitFor('the reply with its attachment', async () => (await readMailbox(customer)).length === 1, 10_000);
      const raw = (await readMailbox(customer))[0]?.raw ?? '';
      expect(raw).toContain('filename=return-label.txt');
      expect(raw).toContain(Buffer.from('label for the return parcel').toString('base64'));
    });

    it("a redelivered request is reported again with the same status id, not sent twice (the kit's ledger in email-ingest's database)", async () => {
      const ledger = new SentRepliesRepository(harness.db.dataSource);
      const outbound = reply();
      const first = await ledger.sendOnce(outbound, () => sender().send(outbound));
      const again = await ledger.sendOnce(outbound, () => sender().send(outbound));
      expect(again).toEqual({ status: first.status, sentNow: false });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await readMailbox(customer)).toHaveLength(1);
    });

    it('automatic mail carries Auto-Submitted, and is never sent to machine-sent mail or to our own inboxes', async () => {
      const automatic = reply({ autoSubmitted: true, author: { kind: 'automation', id: 'auto-ack' } });
      expect((await sender().send(automatic)).state).toBe('sent');
      await waitFor('the automatic reply', async () => (await readMailbox(customer)).length === 1, 10_000);
      expect((await readMailbox(customer))[0]?.raw).toContain('Auto-Submitted: auto-replied');

      await harness.state.remember([{ tenantId, messageId: 'ooo-1@customer.example', reason: 'out-of-office' }]);
      const toAutoReply = await sender().send(reply({ autoSubmitted: true, thread: { inReplyTo: 'ooo-1@customer.example', references: [] } }));
      expect(toAutoReply).toMatchObject({ state: 'failed', error: { code: 'AUTO_SUBMITTED_NOT_ANSWERED' } });
      const toOwnInbox = await sender().send(reply({ autoSubmitted: true, to: { kind: 'email', value: GREENMAIL_PROJECT_USERS['channel-email'].sales.address } }));
      expect(toOwnInbox).toMatchObject({ state: 'failed', error: { code: 'LOOP_PREVENTED' } });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await readMailbox(customer)).toHaveLength(1);
    });

    it('a temporary SMTP refusal (451) is retried; a permanent one (550) is reported failed with the server reason', async () => {
      const answers = [451, 250, 550];
      const relay = new SMTPServer({
        authOptional: true,
        disabledCommands: ['AUTH', 'STARTTLS'],
        logger: false,
        onData(stream, _session, callback) {
          stream.resume();
          stream.on('end', () => {
            const code = answers.shift() ?? 250;
            callback(code === 250 ? null : Object.assign(new Error(code === 451 ? '4.7.1 greylisted, try later' : '5.1.1 mailbox unknown'), { responseCode: code }));
          });
        },
      });
      await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
      const relayPort = (relay.server.address() as { port: number }).port;
      const relayTransport = smtpTransport({ host: '127.0.0.1', port: relayPort, secure: false });
      try {
        const flaky = sender(relayTransport);
        expect(await flaky.send(reply())).toMatchObject({ state: 'sent' });
        expect(answers).toEqual([550]);
        expect(await flaky.send(reply())).toMatchObject({ state: 'failed', error: { code: 'SMTP_550', message: expect.stringContaining('5.1.1 mailbox unknown') } });
      } finally {
        relayTransport.close();
        await new Promise<void>((done) => relay.close(() => done()));
      }
    });

    it('an unreachable SMTP server is reported failed with the reason', async () => {
      const status = await sender(smtpTransport({ host: '127.0.0.1', port: 1, secure: false })).send(reply());
      expect(status).toMatchObject({ state: 'failed', error: { code: 'SMTP_ESOCKET', message: expect.stringContaining('ECONNREFUSED') } });
    });
  });

  describe('inbound SMTP', () => {
    let server: InboundSmtpServer;
    let port: number;

    async function deliver(to: string, raw: string, target = port): Promise<{ ok: true } | { ok: false; code: number; response: string }> {
      const transport = createTransport({ host: '127.0.0.1', port: target, secure: false, ignoreTLS: true });
      try {
        await transport.sendMail({ envelope: { from: 'jane@customer.example', to: [to] }, raw });
        return { ok: true };
      } catch (error) {
        const failure = error as { responseCode?: number; response?: string };
        return { ok: false, code: failure.responseCode ?? 0, response: failure.response ?? String(error) };
      } finally {
        transport.close();
      }
    }

    const mail = (messageId: string, body = 'hello') => `From: jane@customer.example\r\nTo: ${support.address}\r\nSubject: pushed\r\nMessage-ID: <${messageId}>\r\n\r\n${body}\r\n`;
    const recipients = new Map([[support.address, { tenantId, inbox: { address: support.address } }]]);

    beforeAll(async () => {
      server = new InboundSmtpServer(harness.intake, { host: '127.0.0.1', port: 0, maxMessageBytes: 64 * 1024, handoffTimeoutMs: 3_000, recipients });
      port = await server.listen();
    });
    afterAll(() => server.close());

    it('accepts mail for a configured inbox once Kafka has it', async () => {
      const messageId = `${randomUUID()}@customer.example`;
      expect(await deliver(support.address.toUpperCase(), mail(messageId))).toEqual({ ok: true });
      // Acknowledged only after Kafka acknowledged: the record is on the topic.
      await waitFor('the pushed mail on the inbound topic', () => harness.published.records.some((record) => record.thread.messageId === messageId), 10_000);
      expect(harness.published.records.find((record) => record.thread.messageId === messageId)).toMatchObject({ provider: 'smtp', inbox: { address: support.address } });
    });

    it('refuses recipients that are not configured inboxes', async () => {
      expect(await deliver('nobody@acme.example', mail('x@y'))).toMatchObject({ ok: false, code: 550 });
    });

    it('refuses mail over the size limit with 552', async () => {
      expect(await deliver(support.address, mail('big@y', 'x'.repeat(100 * 1024)))).toMatchObject({ ok: false, code: 552 });
    });

    it('answers 451 while Kafka is unavailable, so the sender keeps the mail and retries', async () => {
      // A real producer aimed at a port where no broker listens: the hand-off never completes.
      const deadPublisher = new ContractPublisher(testKafka('127.0.0.1:1'));
      const blobStore = new LocalDirectoryBlobStore(mkdtempSync(join(tmpdir(), 'smtp-451-')));
      const intake = new EmailIntake(new EmailNormalizer(blobStore), blobStore, { publish: (messages) => deadPublisher.publish(TOPICS.inbound, InboundMessageV1, messages.map((value) => ({ key: value.tenantId, value }))) }, harness.state, harness.state);
      const offline = new InboundSmtpServer(intake, { host: '127.0.0.1', port: 0, maxMessageBytes: 64 * 1024, handoffTimeoutMs: 1_000, recipients });
      const offlinePort = await offline.listen();
      try {
        expect(await deliver(support.address, mail('offline@customer.example'), offlinePort)).toMatchObject({ ok: false, code: 451 });
      } finally {
        await offline.close();
        await deadPublisher.close().catch(() => undefined);
      }
    });
  });
});
