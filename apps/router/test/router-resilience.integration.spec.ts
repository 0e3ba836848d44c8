import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TOPICS, TicketEventV1, decodeContract, parseContract, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, subscribeFromNow, waitFor, type BootedApp, type OwnConsumerGroups, type TestDatabase } from '@tributary/platform-testing';
import { processInboundBatch } from '@tributary/router-ticketing';
import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { routerApp } from '../src/router.app';
import { routerGroupsFromNow } from './router-test-client';
import { createRouterTestDatabase } from './router-test-database';

const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'router-resilience', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });

/** A router on the database, in the suite's own consumer groups (shared by the routers of one test). */
async function bootRouter(databaseUrl: string, groups: OwnConsumerGroups): Promise<BootedApp> {
  const router = await bootApp(routerApp, { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], DATABASE_URL: databaseUrl, ...groups.env });
  await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
  return router;
}

/** Inbound records this router handled and committed, from its own metrics. */
async function consumedInbound(router: BootedApp): Promise<number> {
  const metrics = (await router.get('/metrics')).body;
  const line = metrics.split('\n').find((entry) => entry.startsWith('tributary_kafka_records_consumed_total') && entry.includes(TOPICS.inbound));
  return Number(line?.split(' ').at(-1) ?? 0);
}

function inbound(tenantId: string, fixture: InboundMessageV1Input, changes: Partial<InboundMessageV1Input>): InboundMessageV1Input {
  const id = randomUUID();
  return { ...fixture, tenantId, messageId: id, dedupeKey: `${fixture.channel}:${id}`, ...changes };
}

describe('two routers racing over one contact’s identities', () => {
  const tenantId = `race-${randomUUID().slice(0, 8)}`;
  const contacts = 12;
  const publisher = new ContractPublisher(kafka);
  let routers: BootedApp[] = [];
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    dataSource = db.dataSource;
    const groups = await routerGroupsFromNow('router-race');
    routers = [await bootRouter(db.url, groups), await bootRouter(db.url, groups)];
  }, 180_000);

  afterAll(async () => {
    await Promise.all(routers.map((router) => router.close()));
    await publisher.close();
    await db?.drop();
  }, 60_000);

  it('ends with exactly one open ticket per contact', async () => {
    const records = [];
    for (let i = 0; i < contacts; i += 1) {
      const email = `c${i}@example.org`;
      const phone = `+4915100000${String(i).padStart(3, '0')}`;
      const person = [
        inbound(tenantId, INBOUND_FIXTURES.email, { sender: { identities: [{ kind: 'email', value: email }] }, thread: { messageId: `m${i}-${tenantId}@mail.example`, references: [] }, text: `email from ${i}` }),
        inbound(tenantId, INBOUND_FIXTURES.sms, { sender: { identities: [{ kind: 'phone', value: phone }] }, text: `sms from ${i}` }),
        inbound(tenantId, INBOUND_FIXTURES.whatsapp, { sender: { identities: [{ kind: 'whatsapp', value: phone }] }, text: `whatsapp from ${i}` }),
        inbound(tenantId, INBOUND_FIXTURES.chat, {
          sender: { identities: [{ kind: 'chat-user', value: `u${i}`, verified: true }, { kind: 'email', value: email }, { kind: 'phone', value: phone }] },
          text: `chat from ${i}`,
        }),
      ];
      // Each identity is its own partition key: one person's messages spread over partitions and routers.
      records.push(...person.map((value) => ({ key: `${tenantId}:${parseContract(InboundMessageV1, value).sender.identities[0]?.value ?? ''}`, value })));
    }
    // Interleave people so both routers see parts of every contact at once.
    records.sort(() => Math.random() - 0.5);
    await publisher.publish(TOPICS.inbound, InboundMessageV1, records);

    await waitFor(
      'every message stored',
      async () => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM messages WHERE tenant_id = $1', [tenantId]))[0]?.n) === contacts * 4,
      90_000,
      250,
    );
    const open = await dataSource.query<{ contact_id: string; n: string }[]>(
      `SELECT contact_id, count(*) AS n FROM tickets WHERE tenant_id = $1 AND status IN ('open', 'pending') GROUP BY contact_id`,
      [tenantId],
    );
    expect(open).toHaveLength(contacts);
    expect(open.every((row) => row.n === '1')).toBe(true);
    const live = await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM contacts WHERE tenant_id = $1 AND merged_into_id IS NULL', [tenantId]);
    expect(Number(live[0]?.n)).toBe(contacts);
    // Both routers did part of the work: the race really happened.
    for (const router of routers) expect(await consumedInbound(router)).toBeGreaterThan(0);
  }, 150_000);
});

describe('a router that died after its database commit but before its offset commit', () => {
  const tenantId = `crash-${randomUUID().slice(0, 8)}`;
  const publisher = new ContractPublisher(kafka);
  /**
   * Every router the other suites boot on the shared broker consumes the shared inbound topic too,
   * stores this tenant's records in its own database and announces them with tickets of its own: only
   * events of this database's tickets are this router's.
   */
  const events: { eventId: string; ticketId: string }[] = [];
  const readerGroup = `crash-reader-${randomUUID()}`;
  const reader = kafka.consumer({ groupId: readerGroup });
  let router: BootedApp | undefined;
  let groups: OwnConsumerGroups;
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    dataSource = db.dataSource;
    // Before the records below are published: the restarted router's groups must hold them.
    groups = await routerGroupsFromNow('router-crash');
    await reader.connect();
    await subscribeFromNow(reader, readerGroup, [TOPICS.ticketEvents]);
    await reader.run({
      eachMessage: ({ message }) => {
        const event = decodeContract(TicketEventV1, message.value);
        if (event.tenantId === tenantId) events.push({ eventId: event.eventId, ticketId: event.ticketId });
        return Promise.resolve();
      },
    });
  }, 60_000);

  afterAll(async () => {
    await router?.close();
    await reader.disconnect();
    await publisher.close();
    await db?.drop();
  }, 60_000);

  it('is redelivered the same records on restart and adds no message, ticket or event', async () => {
    const first = inbound(tenantId, INBOUND_FIXTURES.sms, { text: 'crash test one' });
    const second = inbound(tenantId, INBOUND_FIXTURES.sms, { text: 'crash test two' });
    // The dead router's work: committed to Postgres (with its outbox rows), offsets never committed.
    await processInboundBatch(dataSource, [parseContract(InboundMessageV1, first), parseContract(InboundMessageV1, second)]);
    // Kafka still holds the records after the group's committed offset, so the restart gets them again.
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [first, second].map((value) => ({ key: `${tenantId}:sms`, value })));

    // A later record on the same partition: once it is stored, the two before it were consumed.
    const sentinel = inbound(tenantId, INBOUND_FIXTURES.sms, { text: 'crash test sentinel' });
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: `${tenantId}:sms`, value: sentinel }]);

    router = await bootRouter(db.url, groups);
    await waitFor(
      'the sentinel to be stored',
      async () => (await dataSource.query<{ id: string }[]>('SELECT id FROM messages WHERE tenant_id = $1 AND dedupe_key = $2', [tenantId, sentinel.dedupeKey])).length === 1,
      60_000,
      200,
    );
    const ownTickets = new Set((await dataSource.query<{ id: string }[]>('SELECT id FROM tickets WHERE tenant_id = $1', [tenantId])).map((row) => row.id));
    const eventIds = (): string[] => events.filter((event) => ownTickets.has(event.ticketId)).map((event) => event.eventId);
    await waitFor('all three events on the ticket topic', () => eventIds().length >= 3, 30_000);
    // Room for a wrongly repeated event to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const [counts] = await dataSource.query<{ messages: string; tickets: string; events: string }[]>(
      `SELECT (SELECT count(*) FROM messages WHERE tenant_id = $1) AS messages, (SELECT count(*) FROM tickets WHERE tenant_id = $1) AS tickets,
              (SELECT count(*) FROM outbox_events WHERE tenant_id = $1 AND topic = 'tributary.tickets.v1') AS events`,
      [tenantId],
    );
    expect(counts).toEqual({ messages: '3', tickets: '1', events: '3' });
    expect(eventIds()).toHaveLength(3);
    expect(new Set(eventIds()).size).toBe(3);
  }, 90_000);
});
