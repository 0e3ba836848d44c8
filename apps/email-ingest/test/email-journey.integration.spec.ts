import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryStatusV1, InboundMessageV1, OutboundMessageV1, TOPICS, type DeliveryStatusV1Message, type OutboundMessageV1Input, type InboundMessageV1Message } from '@tributary/contracts';
import { EMAIL_INGEST_MIGRATIONS } from '@tributary/channel-email';
import { GREENMAIL_PROJECT_USERS, clearMailbox, mailServer, readMailbox, submitMail } from '@tributary/channel-email/testing';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaTopicReader, bootApp, createTestDatabase, ownConsumerGroups, startAppProcess, startRouterForTenant, waitFor, type AppProcess, type BootedApp, type RouterUnderTest, type TestDatabase } from '@tributary/platform-testing';
import { emailIngestApp } from '../src/email-ingest.app';
import { EMAIL_OUTBOUND_GROUP } from '../src/outbound-replies.service';

function testKafka(): Kafka {
  return new Kafka({ ...toKafkaJsConfig({ clientId: 'email-journey-test', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
}

/** What an automation (say an auto-acknowledgement) would put on the outbound topic. */
function automaticReply(tenantId: string, outboundId: string, to: string, inReplyTo?: string): OutboundMessageV1Input {
  return {
    schemaVersion: 1,
    outboundId,
    tenantId,
    ticketId: randomUUID(),
    channel: 'email',
    to: { kind: 'email', value: to },
    from: { address: GREENMAIL_PROJECT_USERS['email-ingest'].support.address },
    subject: 'Re: your mail',
    text: 'We received your message.',
    thread: inReplyTo ? { inReplyTo, references: [inReplyTo] } : { references: [] },
    author: { kind: 'automation', id: 'auto-ack' },
    autoSubmitted: true,
    requestedAt: new Date().toISOString(),
    traceId: randomUUID().replace(/-/g, ''),
  };
}

interface TicketView {
  ticketId: string;
  token: string;
  messages: { text: string; subject: string | null; channel: string }[];
  replies: { outboundId: string; delivery: { state: string | null } }[];
}

describe('email journey: GreenMail, Kafka, the real router and email-ingest', () => {
  const tenantId = `mail-${randomUUID().slice(0, 8)}`;
  const { support, sales, customer } = GREENMAIL_PROJECT_USERS['email-ingest'];
  let emailDb: TestDatabase;
  let router: RouterUnderTest;
  let ingest: BootedApp;
  let ingestClosed = false;
  let restarted: AppProcess | undefined;
  let ingestEnv: NodeJS.ProcessEnv;

  async function startIngest(): Promise<BootedApp> {
    const booted = await bootApp(emailIngestApp, ingestEnv);
    await waitFor('email-ingest to become ready', async () => (await booted.get('/health/ready')).status === 200, 60_000, 200);
    return booted;
  }
  const inbound = new KafkaTopicReader(TOPICS.inbound, InboundMessageV1, (value: InboundMessageV1Message) => value.tenantId === tenantId);
  const delivery = new KafkaTopicReader(TOPICS.delivery, DeliveryStatusV1, (value: DeliveryStatusV1Message) => value.tenantId === tenantId);

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json } = await router.api<T>(method, path, body);
    if (status < 200 || status > 299) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
    return json;
  }
  const tickets = async () => (await api<{ tickets: { ticketId: string }[] }>('GET', '/v1/tickets')).tickets;
  const ticket = (id: string) => api<TicketView>('GET', `/v1/tickets/${id}`);
  const inboundWith = (messageId: string) => inbound.records.filter((record) => record.thread.messageId === messageId);

  beforeAll(async () => {
    await Promise.all([clearMailbox(support), clearMailbox(sales), clearMailbox(customer)]);
    router = await startRouterForTenant(tenantId, 'email_router');
    // The reply loop in a group of the suite's own, from where the outbound topic ends: it sends
    // (over the shared mail server) only replies of this suite, never those earlier suites left.
    const groups = await ownConsumerGroups('email-journey', [{ groupId: EMAIL_OUTBOUND_GROUP, topic: TOPICS.outbound }]);
    emailDb = await createTestDatabase('email_ingest', { migrations: EMAIL_INGEST_MIGRATIONS });
    const { host, imapPort, smtpPort } = mailServer();
    ingestEnv = {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: emailDb.url,
      BLOB_STORE_DIR: mkdtempSync(join(tmpdir(), 'email-journey-')),
      EMAIL_MAILBOXES: JSON.stringify([
        { key: `${tenantId}-support`, tenantId, address: support.address, displayName: 'Acme Support', user: support.login, password: support.password },
        { key: `${tenantId}-sales`, tenantId, address: sales.address, user: sales.login, password: sales.password },
      ]),
      EMAIL_IMAP_HOST: host,
      EMAIL_IMAP_PORT: String(imapPort),
      EMAIL_IMAP_SECURE: 'false',
      EMAIL_SWEEP_INTERVAL_MS: '1000',
      EMAIL_SMTP_HOST: host,
      EMAIL_SMTP_PORT: String(smtpPort),
      ...groups.env,
    };
    ingest = await startIngest();
    await Promise.all([inbound.start(), delivery.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([inbound.stop(), delivery.stop()]);
    if (!ingestClosed) await ingest?.close();
    await restarted?.stop();
    await router?.stop();
    await emailDb?.drop();
  });

  it('a mail, the agent reply, and the customer answer make one threaded ticket', async () => {
    const first = `${randomUUID()}@customer.example`;
    await submitMail({ from: `Jane <${customer.address}>`, to: support.address, subject: 'Parcel never arrived', text: 'Order 1234 never arrived.', messageId: `<${first}>` });
    await waitFor('the first ticket', async () => (await tickets()).length === 1, 30_000, 200);
    const [{ ticketId } = { ticketId: '' }] = await tickets();

    const followUp = `${randomUUID()}@customer.example`;
    await submitMail({
      from: customer.address,
      to: support.address,
      subject: 'Re: Parcel never arrived',
      text: `Any news?\n\nOn Mon, Jane <${customer.address}> wrote:\n> Order 1234 never arrived.\n`,
      messageId: `<${followUp}>`,
      inReplyTo: `<${first}>`,
      references: [`<${first}>`],
    });
    await waitFor("the customer's follow-up on the ticket", async () => (await ticket(ticketId)).messages.length === 2, 30_000, 200);
    expect(await tickets()).toHaveLength(1);

    const { outboundId } = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticketId}/replies`, { text: 'We sent it again.', authorId: 'agent-7' });
    await waitFor('the reply in the customer mailbox', async () => (await readMailbox(customer)).length === 1, 30_000, 200);
    const [reply] = await readMailbox(customer);
    const headers = reply?.raw.split('\r\n\r\n')[0]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
    const { token } = await ticket(ticketId);
    // The reply answers the customer's latest mail and carries the whole thread.
    expect(headers).toContain(`In-Reply-To: <${followUp}>`);
    expect(headers).toContain(`References: <${first}> <${followUp}>`);
    expect(headers).toMatch(new RegExp(`Subject: .*${token}.*Parcel never arrived`));
    expect(headers).toContain(`Message-ID: <${outboundId}@acme.example>`);
    await waitFor('the sent report', () => delivery.records.some((status) => status.outboundId === outboundId && status.state === 'sent'), 20_000);
    await waitFor('the router to record the delivery', async () => (await ticket(ticketId)).replies[0]?.delivery.state === 'sent', 20_000, 200);

    const answer = `${randomUUID()}@customer.example`;
    await submitMail({
      from: customer.address,
      to: support.address,
      subject: `Re: [#${token}] Re: Parcel never arrived`,
      text: `It arrived, thanks!\n\nOn Tue, Acme Support <${support.address}> wrote:\n> We sent it again.\n`,
      messageId: `<${answer}>`,
      inReplyTo: `<${outboundId}@acme.example>`,
      references: [`<${first}>`, `<${followUp}>`, `<${outboundId}@acme.example>`],
    });
    await waitFor('the answer on the ticket', async () => (await ticket(ticketId)).messages.length === 3, 30_000, 200);
    expect((await ticket(ticketId)).messages.map((message) => message.text)).toEqual(['Order 1234 never arrived.', 'Any news?', 'It arrived, thanks!']);
    expect(await tickets()).toHaveLength(1);
  });

  it('the same mail to two support mailboxes is one message', async () => {
    const before = (await tickets()).length;
    const messageId = `${randomUUID()}@other.example`;
    await submitMail({ from: 'bob@other.example', to: [support.address, sales.address], subject: 'Invoice wrong', text: 'The invoice is wrong.', messageId: `<${messageId}>` });
    await waitFor('both copies on the inbound topic', () => inboundWith(messageId).length === 2, 30_000, 200);
    expect(new Set(inboundWith(messageId).map((record) => record.inbox.address))).toEqual(new Set([support.address, sales.address]));
    await waitFor('the new ticket', async () => (await tickets()).length === before + 1, 30_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = await Promise.all((await tickets()).map((summary) => ticket(summary.ticketId)));
    const copies = all.flatMap((view) => view.messages).filter((message) => message.text === 'The invoice is wrong.');
    expect(copies).toHaveLength(1);
  });

  it('auto-replies, bounces and list mail are flagged on the way in and never answered', async () => {
    const ids = { ooo: `${randomUUID()}@x.example`, bounce: `${randomUUID()}@x.example`, list: `${randomUUID()}@x.example` };
    await submitMail({ from: 'away@x.example', to: support.address, subject: 'Out of office', text: 'Away.', messageId: `<${ids.ooo}>`, headers: { 'Auto-Submitted': 'auto-replied' } });
    await submitMail({ from: 'news@x.example', to: support.address, subject: 'Deals', text: 'Deals!', messageId: `<${ids.list}>`, headers: { 'List-Id': '<deals.x.example>', Precedence: 'list' } });
    await submitMail({
      envelope: { from: 'mailer-daemon@x.example', to: [support.address] },
      raw: `From: MAILER-DAEMON@x.example\r\nTo: ${support.address}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <${ids.bounce}>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n`,
    });
    await waitFor('all three on the inbound topic', () => Object.values(ids).every((id) => inboundWith(id).length === 1), 30_000, 200);
    expect(inboundWith(ids.ooo)[0]?.autoSubmitted).toEqual({ flagged: true, reason: 'out-of-office' });
    expect(inboundWith(ids.list)[0]?.autoSubmitted).toEqual({ flagged: true, reason: 'list' });
    expect(inboundWith(ids.bounce)[0]?.autoSubmitted).toEqual({ flagged: true, reason: 'bounce' });
    const [row] = await emailDb.dataSource.query<{ count: string }[]>('SELECT count(*) FROM email_auto_submitted WHERE tenant_id = $1', [tenantId]);
    expect(Number(row?.count)).toBe(3);

    // An automation (say an auto-acknowledgement) asks to answer the out-of-office: it is refused, nothing is sent.
    const outboundId = randomUUID();
    const publisher = new ContractPublisher(testKafka());
    try {
      await publisher.publish(TOPICS.outbound, OutboundMessageV1, [
        { key: outboundId, value: { ...automaticReply(tenantId, outboundId, 'away@x.example', ids.ooo), subject: 'Re: Out of office' } },
      ]);
    } finally {
      await publisher.close();
    }
    await waitFor('the refusal report', () => delivery.records.some((status) => status.outboundId === outboundId), 20_000);
    expect(delivery.records.find((status) => status.outboundId === outboundId)).toMatchObject({ state: 'failed', error: { code: 'AUTO_SUBMITTED_NOT_ANSWERED' } });
  });

  it('no mail loop between two Tributary inboxes: automatic mail to one of our inboxes is refused, and our automatic mail arrives flagged', async () => {
    const publisher = new ContractPublisher(testKafka());
    const toSales = randomUUID();
    try {
      await publisher.publish(TOPICS.outbound, OutboundMessageV1, [{ key: toSales, value: automaticReply(tenantId, toSales, sales.address) }]);
    } finally {
      await publisher.close();
    }
    await waitFor('the refusal report', () => delivery.records.some((status) => status.outboundId === toSales), 20_000);
    expect(delivery.records.find((status) => status.outboundId === toSales)).toMatchObject({ state: 'failed', error: { code: 'LOOP_PREVENTED' } });
    // Whatever sends automatic mail from an inbox (another Tributary, an auto-acknowledgement) marks it, so it is flagged and never answered.
    const ack = `${randomUUID()}@acme.example`;
    await submitMail({ from: support.address, to: sales.address, subject: 'We received your message', text: 'Ticket opened.', messageId: `<${ack}>`, headers: { 'Auto-Submitted': 'auto-replied' } });
    await waitFor('the automatic mail at the other inbox', () => inboundWith(ack).length === 1, 30_000, 200);
    expect(inboundWith(ack)[0]).toMatchObject({ inbox: { address: sales.address }, autoSubmitted: { flagged: true, reason: 'auto-reply' } });
  });

  it('killed for real (SIGKILL) between the Kafka ack and the checkpoint write, then restarted: nothing lost, nothing stored twice', async () => {
    const checkpoint = async (): Promise<number> => {
      const rows = await emailDb.dataSource.query<{ last_uid: string }[]>('SELECT last_uid FROM email_mailbox_checkpoints WHERE mailbox_key = $1', [`${tenantId}-support`]);
      return Number(rows[0]?.last_uid ?? 0);
    };
    const stored = async (text: string): Promise<number> => {
      const views = await Promise.all((await tickets()).map((summary) => ticket(summary.ticketId)));
      return views.flatMap((view) => view.messages).filter((message) => message.text === text).length;
    };
    // Only the child process may read the mailboxes now (the in-process app would hold their leases).
    await ingest.close();
    ingestClosed = true;
    const checkpointBefore = await checkpoint();

    const crashing = await startAppProcess('email-ingest', { env: { ...ingestEnv, EMAIL_INGEST_FAULT: 'kill-after-ack' }, readyTimeoutMs: 90_000 });
    const acked = { id: `${randomUUID()}@customer.example`, text: 'Handed to Kafka, then the process died.' };
    await submitMail({ from: 'dave@customer.example', to: support.address, subject: 'Killed after the ack', text: acked.text, messageId: `<${acked.id}>` });
    const killed = await Promise.race([crashing.ended, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no kill within 60 s; see ${crashing.logFile}`)), 60_000))]);
    expect(killed).toEqual({ code: null, signal: 'SIGKILL' });
    await waitFor('the acknowledged mail on the inbound topic', () => inboundWith(acked.id).length === 1, 20_000, 200);
    // Kafka had it, the checkpoint did not: exactly the window the fault opens.
    expect(await checkpoint()).toBe(checkpointBefore);

    const whileDown = { id: `${randomUUID()}@customer.example`, text: 'Sent while email-ingest was dead.' };
    await submitMail({ from: 'carol@customer.example', to: support.address, subject: 'While you were down', text: whileDown.text, messageId: `<${whileDown.id}>` });
    restarted = await startAppProcess('email-ingest', { env: ingestEnv, readyTimeoutMs: 90_000 });
    await waitFor('the re-read mail and the one sent while down', () => inboundWith(acked.id).length === 2 && inboundWith(whileDown.id).length === 1, 30_000, 200);
    const lastUid = Math.max(...(await readMailbox(support)).map((entry) => entry.uid));
    await waitFor('the checkpoint past both mails', async () => (await checkpoint()) === lastUid, 20_000, 200);
    expect(lastUid).toBeGreaterThan(checkpointBefore);

    // The topic proves nothing was lost: the mail Kafka acknowledged before the kill is there, and
    // its re-read after the restart carries the same dedupe key (at-least-once, by design).
    const [beforeKill, afterRestart] = inboundWith(acked.id);
    expect(afterRestart?.dedupeKey).toBe(beforeKill?.dedupeKey);
    expect(afterRestart?.providerMessageId).toBe(beforeKill?.providerMessageId);
    // The router's store proves nothing was doubled: one stored message per mail.
    await waitFor('both mails stored by the router', async () => (await stored(acked.text)) >= 1 && (await stored(whileDown.text)) >= 1, 30_000, 500);
    await new Promise((resolve) => setTimeout(resolve, 2 * Number(ingestEnv['EMAIL_SWEEP_INTERVAL_MS'])));
    expect([await stored(acked.text), await stored(whileDown.text)]).toEqual([1, 1]);
    // Further sweeps start from the checkpoint: no third copy.
    expect([inboundWith(acked.id).length, inboundWith(whileDown.id).length]).toEqual([2, 1]);
  }, 240_000);
});
