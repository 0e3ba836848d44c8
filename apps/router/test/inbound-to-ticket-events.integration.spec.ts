import { randomUUID } from 'node:crypto';
import {
  HEADERS,
  InboundMessageV1,
  TOPICS,
  TicketEventV1,
  decodeContract,
  type InboundMessageV1Input,
  type TicketEventV1Message,
} from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher, readHeaders, toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, subscribeFromNow, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { routerApp } from '../src/router.app';
import { routerGroupsFromNow } from './router-test-client';
import { createRouterTestDatabase } from './router-test-database';

/**
 * The router end to end on the real broker and database: inbound records in, ticket events out,
 * redeliveries swallowed, poison dead-lettered without blocking the records behind it.
 */
describe('router: inbound messages to ticket events', () => {
  const tenantId = `r-${randomUUID().slice(0, 8)}`;
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'router-e2e', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
  const publisher = new ContractPublisher(kafka);
  const allEvents: TicketEventV1Message[] = [];
  const deadLetters: { key: string; reason: string }[] = [];
  const readers: Consumer[] = [];
  let router: BootedApp;
  let database: TestDatabase;

  async function read(topic: string, onRecord: (key: string, value: Buffer | null, headers: Record<string, string>) => void): Promise<void> {
    const groupId = `router-e2e-${randomUUID()}`;
    const reader = kafka.consumer({ groupId });
    readers.push(reader);
    await reader.connect();
    await subscribeFromNow(reader, groupId, [topic]);
    // A record the reader itself is handed again (its group rejoined before committing) is one
    // record, read twice; a repeat on the stream has an offset of its own and still counts.
    const handed = new Set<string>();
    await reader.run({
      eachMessage: ({ partition, message }) => {
        if (handed.has(`${partition}:${message.offset}`)) return Promise.resolve();
        handed.add(`${partition}:${message.offset}`);
        onRecord(message.key?.toString() ?? '', message.value, readHeaders(message.headers));
        return Promise.resolve();
      },
    });
  }

  function inbound(fixture: InboundMessageV1Input, text: string): InboundMessageV1Input {
    const id = randomUUID();
    return { ...fixture, tenantId, messageId: id, dedupeKey: `${fixture.channel}:${id}`, text };
  }

  beforeAll(async () => {
    database = await createRouterTestDatabase();
    router = await bootApp(routerApp, { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], DATABASE_URL: database.url, ...(await routerGroupsFromNow('inbound-to-events')).env });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    await read(TOPICS.ticketEvents, (_key, value) => {
      const event = decodeContract(TicketEventV1, value);
      if (event.tenantId === tenantId) allEvents.push(event);
    });
    await read(TOPICS.inboundDeadLetter, (key, _value, headers) => {
      if (key.startsWith(tenantId)) deadLetters.push({ key, reason: headers[HEADERS.deadLetterReason] ?? '' });
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await publisher.close();
    await router?.close();
    await database?.drop();
  }, 60_000);

  it('turns an SMS, its redelivery, a poison record and a WhatsApp from the same number into one ticket with two events', async () => {
    const key = `${tenantId}:+4915112345678`;
    const sms = inbound(INBOUND_FIXTURES.sms, 'Where is my parcel? Order 1234');
    const whatsapp = inbound(INBOUND_FIXTURES.whatsapp, 'Any news on order 1234?');
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: sms }]);
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: sms }]);
    // Headers as an ingest writes them: the value is the poison, not a missing contract header.
    const v1Headers = { [HEADERS.contract]: InboundMessageV1.name, [HEADERS.contractVersion]: String(InboundMessageV1.version) };
    await publisher.sendRaw(TOPICS.inbound, [{ key, value: '{"not":"a message"}', headers: v1Headers }]);
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: whatsapp }]);

    // Every router the other suites boot on the shared broker consumes the shared inbound topic too,
    // stores this tenant's records in its own database and announces them on tickets of its own:
    // only events of this database's tickets are this router's.
    const ownTickets = async (): Promise<Set<string>> =>
      new Set((await database.dataSource.query<{ id: string }[]>('SELECT id FROM tickets WHERE tenant_id = $1', [tenantId])).map((row) => row.id));
    await waitFor('two ticket events', async () => {
      const own = await ownTickets();
      return allEvents.filter((event) => own.has(event.ticketId)).length >= 2;
    }, 30_000, 100);
    await waitFor('the poison record in the dead-letter topic', () => deadLetters.length === 1, 30_000);
    // Give a wrongly duplicated event time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const own = await ownTickets();
    const events = allEvents.filter((event) => own.has(event.ticketId));

    expect(events.map((event) => [event.type, event.sequence])).toEqual([
      ['ticket.created', 1],
      ['ticket.message-added', 2],
    ]);
    expect(new Set(events.map((event) => event.ticketId)).size).toBe(1);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(2);
    expect(events[1]?.ticket).toMatchObject({ channels: ['sms', 'whatsapp'], messageCount: 2, status: 'open' });
    expect(deadLetters[0]?.reason).toMatch(/^InboundMessage v1 is invalid: (?!header)/);
  }, 60_000);
});
