import { randomUUID } from 'node:crypto';
import {
  DeliveryStatusV1,
  HEADERS,
  InboundMessageV1,
  TOPICS,
  TicketEventV1,
  decodeContract,
  parseContract,
  type DeliveryStatusV1Message,
  type TicketEventV1Message,
} from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher } from '@tributary/platform-kafka';
import { bootApp, createTestDatabase, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { hashApiKey } from '@tributary/router-queue-api';
import { processInboundBatch } from '@tributary/router-ticketing';
import type { Consumer } from 'kafkajs';
import { routerApp } from '../src/router.app';
import { callApi, readTopic, routerGroupsFromNow, testKafka } from './router-test-client';

/** Delivery reports from the ingest services, on the real broker, updating replies in Postgres. */
describe('router: delivery statuses', () => {
  const tenantId = `d-${randomUUID().slice(0, 8)}`;
  const key = `key-${randomUUID()}`;
  const kafka = testKafka('delivery-status-test');
  const publisher = new ContractPublisher(kafka);
  const events: TicketEventV1Message[] = [];
  const deadLetters: { key: string; reason: string; sourceTopic: string }[] = [];
  const readers: Consumer[] = [];
  let db: TestDatabase;
  let router: BootedApp;
  let ticketId: string;

  function report(outboundId: string, state: DeliveryStatusV1Message['state'], second: number, changes: Partial<DeliveryStatusV1Message> = {}): DeliveryStatusV1Message {
    return parseContract(DeliveryStatusV1, {
      schemaVersion: 1,
      statusId: randomUUID(),
      outboundId,
      tenantId,
      ticketId,
      channel: 'sms',
      provider: 'twilio',
      providerMessageId: `SM${outboundId.replaceAll('-', '')}`,
      state,
      ...(state === 'failed' || state === 'undelivered' ? { error: { code: '30003', message: 'Unreachable destination handset' } } : {}),
      occurredAt: new Date(Date.UTC(2026, 10, 25, 9, 0, second)).toISOString(),
      traceId: randomUUID().replaceAll('-', ''),
      ...changes,
    });
  }

  async function publish(...reports: DeliveryStatusV1Message[]): Promise<void> {
    await publisher.publish(TOPICS.delivery, DeliveryStatusV1, reports.map((value) => ({ key: value.outboundId, value })));
  }

  async function reply(text: string): Promise<string> {
    const accepted = await callApi(router.baseUrl, 'POST', `/v1/tickets/${ticketId}/replies`, key, { text, authorId: 'agent-3' });
    expect(accepted.status).toBe(202);
    return String(accepted.json['outboundId']);
  }

  const deliveryEvents = (outboundId: string) =>
    events.flatMap((event) => (event.type === 'ticket.delivery-updated' && event.outboundId === outboundId ? [event] : []));

  beforeAll(async () => {
    db = await createTestDatabase('delivery', { migrations: ROUTER_MIGRATIONS });
    const id = randomUUID();
    await processInboundBatch(db.dataSource, [parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.sms, tenantId, messageId: id, dedupeKey: `sms:${id}` })]);
    [{ id: ticketId }] = await db.dataSource.query<[{ id: string }]>('SELECT id FROM tickets WHERE tenant_id = $1', [tenantId]);
    const groups = await routerGroupsFromNow('delivery-status');
    router = await bootApp(routerApp, { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], DATABASE_URL: db.url, ROUTER_API_KEYS: `${tenantId}=${hashApiKey(key)}`, ...groups.env });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    readers.push(
      await readTopic(kafka, TOPICS.ticketEvents, (_key, value) => {
        const event = decodeContract(TicketEventV1, value);
        if (event.tenantId === tenantId) events.push(event);
      }),
      await readTopic(kafka, TOPICS.inboundDeadLetter, (recordKey, _value, headers) => {
        if (headers[HEADERS.deadLetterSourceTopic] === TOPICS.delivery) {
          deadLetters.push({ key: recordKey, reason: headers[HEADERS.deadLetterReason] ?? '', sourceTopic: headers[HEADERS.deadLetterSourceTopic] ?? '' });
        }
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await publisher.close();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it('moves a reply forward once per report: repeats and late reports change nothing and announce nothing', async () => {
    const outboundId = await reply('Your parcel left the depot this morning.');
    const sent = report(outboundId, 'sent', 1);
    const delivered = report(outboundId, 'delivered', 2);
    // A late `sent` (retried by the provider, stamped later) must not undo `delivered`; `read` closes the
    // sequence, and since one outbound id stays on one partition, seeing it means all before it were handled.
    await publish(sent, delivered, delivered, sent, report(outboundId, 'sent', 3), report(outboundId, 'failed', 4));
    await publish(report(outboundId, 'read', 5));

    await waitFor('the read report on the ticket stream', () => deliveryEvents(outboundId).some((event) => event.state === 'read'), 30_000);
    const announced = deliveryEvents(outboundId);
    expect(announced.map((event) => event.state)).toEqual(['sent', 'delivered', 'read']);
    const sequences = announced.map((event) => event.sequence);
    expect(sequences).toEqual([sequences[0], (sequences[0] ?? 0) + 1, (sequences[0] ?? 0) + 2]);
    expect(announced.every((event) => event.ticketId === ticketId)).toBe(true);

    const stored = await db.dataSource.query<{ state: string; applied: boolean }[]>(
      'SELECT state, applied FROM delivery_reports WHERE outbound_id = $1 ORDER BY occurred_at',
      [outboundId],
    );
    expect(stored).toEqual([
      { state: 'sent', applied: true },
      { state: 'delivered', applied: true },
      { state: 'sent', applied: false },
      { state: 'failed', applied: false },
      { state: 'read', applied: true },
    ]);

    const detail = await callApi(router.baseUrl, 'GET', `/v1/tickets/${ticketId}`, key);
    expect(detail.json['replies']).toEqual([
      expect.objectContaining({
        outboundId,
        channel: 'sms',
        authorId: 'agent-3',
        text: 'Your parcel left the depot this morning.',
        delivery: { state: 'read', error: null, providerMessageId: `SM${outboundId.replaceAll('-', '')}`, occurredAt: '2026-11-25T09:00:05.000Z' },
      }),
    ]);
    const metrics = (await router.get('/metrics')).body;
    expect(metrics).toContain('tributary_router_delivery_reports_total{outcome="applied",app="router"} 3');
    expect(metrics).toContain('tributary_router_delivery_reports_total{outcome="repeat",app="router"} 2');
    expect(metrics).toContain('tributary_router_delivery_reports_total{outcome="stale",app="router"} 2');
  }, 60_000);

  it('treats a statusId as a repeat only for its own reply: the same id on another reply still applies', async () => {
    const [first, second] = [await reply('First of two.'), await reply('Second of two.')];
    const shared = randomUUID();
    await publish(report(first, 'sent', 1, { statusId: shared }), report(second, 'sent', 1, { statusId: shared }));

    await waitFor('both replies announced as sent', () => deliveryEvents(first).length === 1 && deliveryEvents(second).length === 1, 30_000);
    const stored = await db.dataSource.query<{ outbound_id: string; applied: boolean }[]>(
      'SELECT outbound_id, applied FROM delivery_reports WHERE status_id = $1 ORDER BY outbound_id',
      [shared],
    );
    expect(stored).toEqual([first, second].sort().map((outboundId) => ({ outbound_id: outboundId, applied: true })));
  }, 60_000);

  it('records a failure with its error and announces it', async () => {
    const outboundId = await reply('We could not reach you by phone.');
    await publish(report(outboundId, 'queued', 1), report(outboundId, 'undelivered', 2));
    await waitFor('the failure on the ticket stream', () => deliveryEvents(outboundId).some((event) => event.state === 'undelivered'), 30_000);
    expect(deliveryEvents(outboundId).map((event) => [event.state, event.error])).toEqual([
      ['queued', undefined],
      ['undelivered', { code: '30003', message: 'Unreachable destination handset' }],
    ]);
    const detail = await callApi(router.baseUrl, 'GET', `/v1/tickets/${ticketId}`, key);
    const replies = detail.json['replies'] as { outboundId: string; delivery: { state: string; error: unknown } }[];
    expect(replies.find((entry) => entry.outboundId === outboundId)?.delivery).toMatchObject({
      state: 'undelivered',
      error: { code: '30003', message: 'Unreachable destination handset' },
    });
  }, 60_000);

  it('dead-letters reports for an unknown reply or another ticket, with the reason, and carries on', async () => {
    const outboundId = await reply('One more thing about your order.');
    const unknown = report(randomUUID(), 'delivered', 1);
    const wrongTicket = report(outboundId, 'delivered', 1, { ticketId: randomUUID() });
    await publish(unknown, wrongTicket);
    await publish(report(outboundId, 'delivered', 2));

    await waitFor('two dead letters', () => deadLetters.filter((entry) => [unknown.outboundId, outboundId].includes(entry.key)).length === 2, 30_000);
    await waitFor('the valid report behind them', () => deliveryEvents(outboundId).length === 1, 30_000);
    expect(deadLetters.find((entry) => entry.key === unknown.outboundId)?.reason).toBe(`unknown outbound message ${unknown.outboundId}`);
    expect(deadLetters.find((entry) => entry.key === outboundId)?.reason).toMatch(/belongs to another ticket/);
    const [counted] = await db.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM delivery_reports WHERE status_id = ANY($1::uuid[])', [
      [unknown.statusId, wrongTicket.statusId],
    ]);
    expect(counted?.n).toBe(0);
  }, 60_000);
  it('dead-letters a report PostgreSQL refuses and still applies the next one on its partition', async () => {
    const outboundId = await reply('A reply whose carrier answers with garbage.');
    // A NUL character passes the contract but no PostgreSQL jsonb value takes it.
    const refused = report(outboundId, 'failed', 1, { error: { code: '30008', message: 'carrier said \u0000' } });
    await publish(refused, report(outboundId, 'delivered', 2));
    await waitFor('the refused report dead-lettered', () => deadLetters.some((entry) => entry.key === outboundId && /Unicode/.test(entry.reason)), 30_000);
    await waitFor('the report behind it applied', () => deliveryEvents(outboundId).some((event) => event.state === 'delivered'), 30_000);
    expect(deliveryEvents(outboundId).map((event) => event.state)).toEqual(['delivered']);
  }, 60_000);
});
