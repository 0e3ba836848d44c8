import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TOPICS, TicketEventV1, TicketSnapshotV1, decodeContract, parseContract, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher, ensureTopics, toKafkaJsConfig } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { subscribeFromNow, waitFor, type TestDatabase } from '@tributary/platform-testing';
import { Kafka, logLevel } from 'kafkajs';
import type { QueryRunner } from 'typeorm';
import { processInboundBatch } from '../src/inbound-batch.processor';
import { OutboxRelay } from '../src/outbox-relay';
import { createTicketingTestDatabase } from './ticketing-test-db';

const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'outbox-relay-test', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });

describe('outbox relay', () => {
  const tenantId = `relay-${randomUUID().slice(0, 8)}`;
  const publisher = new ContractPublisher(kafka);
  let db: TestDatabase;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTicketingTestDatabase();
    // The relay publishes to existing topics only (apps create them at start; this suite may run first).
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [TOPICS.ticketEvents, TOPICS.ticketState, TOPICS.outbound], { partitions: 3, replicationFactor: 1 });
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
  afterAll(async () => {
    await relay?.stop();
    await publisher.close();
    await db?.drop();
  });

  function sms(text: string) {
    const id = randomUUID();
    const input: InboundMessageV1Input = { ...INBOUND_FIXTURES.sms, messageId: id, dedupeKey: `sms:${id}`, tenantId, text };
    return parseContract(InboundMessageV1, input);
  }

  async function unpublished(): Promise<number> {
    const [row] = await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL');
    return Number(row?.n);
  }

  it('is woken by the commit itself, not by its poll', async () => {
    // A poll interval far longer than the wait below: only the commit's NOTIFY can explain a prompt publish.
    relay = new OutboxRelay(db.dataSource, publisher, new JsonLogger({ app: 'relay-test', level: 'error' }), { batchSize: 100, idleMs: 600_000, retentionMs: 0 });
    await processInboundBatch(db.dataSource, [sms('first, before the relay starts')]);
    relay.start();
    await waitFor('the first pass to publish what was already there', async () => (await unpublished()) === 0, 60_000, 100);
    // The relay is now asleep for ten minutes unless something wakes it.
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Its events may be published before a query here could see them unpublished: only how soon matters.
    await processInboundBatch(db.dataSource, [sms('second, while the relay sleeps')]);
    await waitFor('the second message’s event and snapshot to be published', async () => (await unpublished()) === 0, 60_000, 100);
  }, 150_000);

  it('deletes published rows past the retention, and never an unpublished or a recent one', async () => {
    await relay.stop();
    await db.dataSource.query('DELETE FROM outbox_events');
    const insert = (publishedAgo: string | null) =>
      db.dataSource.query<{ id: string }[]>(
        `INSERT INTO outbox_events (event_id, tenant_id, ticket_id, sequence, topic, record_key, payload, published_at)
         VALUES (gen_random_uuid(), $1, gen_random_uuid(), 1, 'tributary.tickets.v1', 'k', '{}', ${publishedAgo === null ? 'NULL' : `now() - interval '${publishedAgo}'`})
         RETURNING id`,
        [tenantId],
      );
    for (let i = 0; i < 3; i += 1) await insert('10 days');
    const [stuck] = await insert(null);
    await insert('10 days');
    const [recent] = await insert('1 hour');

    const pruner = new OutboxRelay(db.dataSource, publisher, new JsonLogger({ app: 'relay-test', level: 'error' }), { retentionMs: 7 * 24 * 3_600_000 });
    const runner = db.dataSource.createQueryRunner();
    try {
      expect(await pruner.prunePublishedRows(runner)).toBe(4);
    } finally {
      await runner.release();
    }
    const left = await db.dataSource.query<{ id: string }[]>('SELECT id FROM outbox_events ORDER BY id');
    expect(left.map((row) => row.id)).toEqual([stuck?.id, recent?.id]);
  });
  it('republishes after a crash between sending and marking, with the same event ids, and never reorders a ticket', async () => {
    const logger = new JsonLogger({ app: 'relay-test', level: 'error' });
    const customer = (text: string) => ({ ...sms(text), sender: { identities: [{ kind: 'phone' as const, value: '+4915100000077' }] } });
    // The retention test above leaves a hand-made row that is not a ticket event.
    await db.dataSource.query('DELETE FROM outbox_events');
    // Reading from the topics' ends now, before anything of this test is published.
    const seen: { sequence: number; eventId: string }[] = [];
    const snapshots: { sequence: number; eventId: string | undefined }[] = [];
    let ticketId = '';
    const readerGroup = `relay-test-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId: readerGroup });
    await consumer.connect();
    try {
      await subscribeFromNow(consumer, readerGroup, [TOPICS.ticketEvents, TOPICS.ticketState]);
      await consumer.run({
        eachMessage: ({ topic, message }) => {
          // The topics are shared with every other suite: only this ticket's records (keyed by its id) are read.
          if (message.key?.toString() !== ticketId) return Promise.resolve();
          if (topic === TOPICS.ticketEvents) {
            const event = decodeContract(TicketEventV1, message.value);
            seen.push({ sequence: event.sequence, eventId: event.eventId });
          } else {
            snapshots.push({ sequence: decodeContract(TicketSnapshotV1, message.value).sequence, eventId: message.headers?.['tributary-event-id']?.toString() });
          }
          return Promise.resolve();
        },
      });
      await processInboundBatch(db.dataSource, [customer('one'), customer('two'), customer('three')]);
      [{ id: ticketId }] = await db.dataSource.query<[{ id: string }]>(
        `SELECT t.id FROM tickets t JOIN contact_identities i ON i.contact_id = t.contact_id WHERE i.tenant_id = $1 AND i.value = '+4915100000077'`,
        [tenantId],
      );

      // The process dies after Kafka acknowledged the events and before they were marked published.
      const runner = db.dataSource.createQueryRunner();
      const query = runner.query.bind(runner);
      runner.query = ((text: string, parameters?: unknown[]): Promise<unknown> =>
        text.includes('UPDATE outbox_events') ? Promise.reject(new Error('killed')) : (query(text, parameters) as Promise<unknown>)) as QueryRunner['query'];
      const crashed = new OutboxRelay(db.dataSource, publisher, logger, { retentionMs: 0 });
      try {
        await expect(crashed.publishPending(runner)).rejects.toThrow('killed');
      } finally {
        await runner.release();
      }
      await processInboundBatch(db.dataSource, [customer('four, after the crash')]);

      relay = new OutboxRelay(db.dataSource, publisher, logger, { retentionMs: 0 });
      relay.start();
      await waitFor('the restarted relay to publish everything', async () => (await unpublished()) === 0, 60_000, 100);

      await waitFor('the ticket’s events and snapshots, first send and resend', () => seen.length >= 7 && snapshots.length >= 2, 30_000, 100);
    } finally {
      await consumer.disconnect();
    }
    // One snapshot per pass and ticket, the last: sequence 3 from the crashed pass, 4 from the one
    // that resent 1..4; each under the id of the event it came from.
    expect(snapshots).toEqual([
      { sequence: 3, eventId: seen[2]?.eventId },
      { sequence: 4, eventId: seen[6]?.eventId },
    ]);
    // The resend repeats the first three unchanged, then the fourth follows: consumers that drop
    // repeated event ids see 1, 2, 3, 4 and nothing lost.
    expect(seen.map((event) => event.sequence)).toEqual([1, 2, 3, 1, 2, 3, 4]);
    expect(seen.slice(3, 6).map((event) => event.eventId)).toEqual(seen.slice(0, 3).map((event) => event.eventId));
    expect(new Set(seen.map((event) => event.eventId)).size).toBe(4);
  }, 150_000);

  it('marks rows published with HOT updates: no index of outbox_events names published_at', async () => {
    await relay.stop();
    await processInboundBatch(db.dataSource, [sms('hot one'), sms('hot two'), sms('hot three')]);
    const queued = await unpublished();
    expect(queued).toBeGreaterThan(0);
    const runner = db.dataSource.createQueryRunner();
    try {
      const before = await updateCounts(runner);
      const marker = new OutboxRelay(db.dataSource, publisher, new JsonLogger({ app: 'relay-test', level: 'error' }), { retentionMs: 0 });
      expect(await marker.publishPending(runner)).toBe(queued);
      const after = await updateCounts(runner);
      expect({ updates: after.updates - before.updates, hot: after.hot - before.hot }).toEqual({ updates: queued, hot: queued });
    } finally {
      await runner.release();
    }
    expect(await unpublished()).toBe(0);
    expect(await db.dataSource.query('SELECT id FROM outbox_pending')).toEqual([]);
  }, 60_000);
});

/** The table's update counters, this session's own changes flushed first (PostgreSQL 15 batches them otherwise). */
async function updateCounts(runner: QueryRunner): Promise<{ updates: number; hot: number }> {
  await runner.query('SELECT pg_stat_force_next_flush()');
  await runner.query('SELECT pg_stat_clear_snapshot()');
  const [row] = (await runner.query(`SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'outbox_events'`)) as { updates: string; hot: string }[];
  return { updates: Number(row?.updates), hot: Number(row?.hot) };
}
