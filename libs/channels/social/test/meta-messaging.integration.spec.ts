import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DurableHandoff, MediaFetcher, MediaIntake, NoSpool, type HandoffPublisherPort, type HandoffRecord } from '@tributary/channel-kit';
import { DeliveryStatusV1, parseContract, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { SendApiEmulator } from '../src/meta-messaging/emulation/send-api.emulator';
import type { MetaAccount } from '../src/meta-messaging/meta-messaging-config.schema';
import { META_MESSAGING_MIGRATIONS } from '../src/meta-messaging/meta-messaging-migrations';
import { MetaMessagingWebhookVerifier } from '../src/meta-messaging/meta-messaging-webhook.verifier';
import { MetaReplySender } from '../src/meta-messaging/meta-reply.sender';
import { MetaSentMessagesRepository } from '../src/meta-messaging/meta-sent-messages.repository';
import { MetaWebhookIntake, type MetaWebhookOutcome } from '../src/meta-messaging/meta-webhook.intake';

const SECRET = 'meta-app-secret-0123456789abcdef';
const PAGE = { id: '104512345678901', channel: 'messenger' as const, token: `EAAG${'p'.repeat(40)}` };
const ACCOUNTS = new Map<string, MetaAccount>([[PAGE.id, { tenantId: 'acme', channel: 'messenger', humanAgentTag: false }]]);
const T0 = new Date('2026-12-07T10:00:00Z');

function sentRow(messageId: string, recipientId: string, sentAt: Date): Parameters<MetaSentMessagesRepository['record']>[0] {
  return { accountId: PAGE.id, messageId, recipientId, channel: 'messenger', outboundId: crypto.randomUUID(), tenantId: 'acme', ticketId: crypto.randomUUID(), traceId: 'a'.repeat(32), sentAt };
}

describe('Meta sent messages in PostgreSQL', () => {
  let db: TestDatabase;
  let repository: MetaSentMessagesRepository;

  beforeAll(async () => {
    db = await createTestDatabase('meta_messaging', { migrations: META_MESSAGING_MIGRATIONS });
    repository = new MetaSentMessagesRepository(db.dataSource);
  });
  afterAll(() => db?.drop());

  it('records a send once, finds it by account and message id, and keeps the first row on a repeat', async () => {
    const row = sentRow('m_repeat', '6500000000000001', T0);
    await repository.record(row);
    await repository.record({ ...row, outboundId: crypto.randomUUID() });
    expect(await repository.find(PAGE.id, 'm_repeat')).toEqual(row);
    expect(await repository.find('999', 'm_repeat')).toBeUndefined();
  });

  it("covers one conversation's messages up to the watermark or named by id, and moves them forward only", async () => {
    const customer = '6500000000000002';
    const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
    for (const [id, seconds] of [['m_a', 1], ['m_b', 2], ['m_c', 3]] as const) await repository.record(sentRow(id, customer, at(seconds)));
    await repository.record(sentRow('m_other', '6500000000000003', at(1)));
    const ids = async (until: number, state: 'delivered' | 'read', named: string[] = []): Promise<string[]> =>
      (await repository.unreported(PAGE.id, customer, { until: at(until), messageIds: named }, state)).map((sent) => sent.messageId);

    expect(await ids(2, 'delivered')).toEqual(['m_a', 'm_b']);
    expect(await ids(1, 'delivered', ['m_c'])).toEqual(['m_a', 'm_c']);
    await repository.markReported(PAGE.id, ['m_a', 'm_b'], 'delivered');
    expect(await ids(3, 'delivered')).toEqual(['m_c']);
    expect(await ids(3, 'read')).toEqual(['m_a', 'm_b', 'm_c']);
    await repository.markReported(PAGE.id, ['m_a', 'm_b', 'm_c'], 'read');
    // A delivery marked after the read leaves the rows at read.
    await repository.markReported(PAGE.id, ['m_a'], 'delivered');
    expect(await ids(3, 'read')).toEqual([]);
    expect(await ids(3, 'delivered')).toEqual([]);
    const states = await db.dataSource.query<{ message_id: string; reported_state: string | null }[]>(`SELECT message_id, reported_state FROM meta_sent_messages WHERE recipient_id = $1 ORDER BY message_id`, [customer]);
    expect(states).toEqual([{ message_id: 'm_a', reported_state: 'read' }, { message_id: 'm_b', reported_state: 'read' }, { message_id: 'm_c', reported_state: 'read' }]);
  });

  it('migrates down and up again', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      await db.dataSource.undoLastMigration();
      expect(await runner.hasTable('meta_sent_messages')).toBe(false);
      await db.dataSource.runMigrations();
      expect(await runner.hasTable('meta_sent_messages')).toBe(true);
    } finally {
      await runner.release();
    }
  });

  describe('with the Send API emulation and the intake', () => {
    const emulator = new SendApiEmulator({ accounts: [PAGE], appSecret: SECRET, echoes: 'before-answer' });
    const published: HandoffRecord[] = [];
    const outcomes: MetaWebhookOutcome[] = [];
    let intake: MetaWebhookIntake;
    let sender: MetaReplySender;
    let server: Server;

    beforeAll(async () => {
      await emulator.start();
      const publisher: HandoffPublisherPort = { validate: () => undefined, publish: (records) => Promise.resolve(void published.push(...records)) };
      const fetcher = new MediaFetcher(new LocalDirectoryBlobStore('/nonexistent'), { policies: [{ provider: 'meta', credentialHosts: [], hosts: ['*.fbcdn.net'], contentTypes: ['*/*'], maxBytes: 1, timeoutMs: 100 }] });
      const sent = new MetaSentMessagesRepository(db.dataSource);
      intake = new MetaWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake(fetcher, { add: () => Promise.resolve() }, { deadlineMs: 100, retryInMs: 1_000 }), sent, { accounts: ACCOUNTS });
      sender = new MetaReplySender({ graphBaseUrl: emulator.baseUrl, apiVersion: 'v23.0', accounts: ACCOUNTS, pageToken: () => PAGE.token, sent });
      const verifier = new MetaMessagingWebhookVerifier([SECRET], 'http://127.0.0.1');
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const rawBody = Buffer.concat(chunks);
          verifier.verify({ rawBody, headers: request.headers, publicUrl: '' });
          void intake.receive(JSON.parse(rawBody.toString('utf8'))).then((outcome) => {
            outcomes.push(outcome);
            response.writeHead(200).end();
          }, () => response.writeHead(500).end());
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      emulator.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/meta/webhook`);
    });
    afterAll(async () => {
      await emulator.stop();
      await new Promise((resolve) => server.close(resolve));
    });

    it('drops echoes that beat the Send API answer, and maps the watermarks from the table to each reply once', async () => {
      const customer = '6500000000000009';
      const { mid } = await emulator.customerSends(PAGE.id, customer, 'Where is my parcel?');
      const reply = (text: string): OutboundMessageV1Message =>
        outboundReplyFixture({ outboundId: crypto.randomUUID(), channel: 'messenger', provider: 'meta', to: { kind: 'messenger', value: customer }, from: { address: PAGE.id }, text, answering: { providerMessageId: mid, receivedAt: new Date().toISOString() } });
      const first = await sender.send(reply('one'));
      const second = await sender.send(reply('two'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await emulator.deliver(PAGE.id, customer);
      await emulator.read(PAGE.id, customer);
      await emulator.read(PAGE.id, customer);
      await emulator.webhooksSettled();
      expect(outcomes.map((outcome) => [outcome.messages, outcome.ownEchoes, outcome.echoes, outcome.statuses])).toEqual([[1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 2], [0, 0, 0, 2], [0, 0, 0, 0]]);
      const statuses: DeliveryStatusV1Message[] = published.filter((record) => record.kind === 'delivery').map((record) => parseContract(DeliveryStatusV1, record.value));
      expect(statuses.map((status) => [status.outboundId, status.state])).toEqual([
        [first.outboundId, 'delivered'], [second.outboundId, 'delivered'], [first.outboundId, 'read'], [second.outboundId, 'read'],
      ]);
    });
  });
});
