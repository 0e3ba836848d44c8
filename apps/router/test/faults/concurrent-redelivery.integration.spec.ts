import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TicketEventV1, TOPICS, decodeContract, type TicketEventV1Message } from '@tributary/contracts';
import { CLEAN_VERDICT, FAULT_INPUTS_PER_CUSTOMER, judgeRun, numberedInputs, settledRunOutput } from '@tributary/fault-oracle';
import { ContractPublisher, ensureTopics } from '@tributary/platform-kafka';
import { startAppProcess, waitFor, type AppProcess, type OwnConsumerGroups, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_CONSUMER_GROUP } from '@tributary/router-ticketing';
import type { Consumer } from 'kafkajs';
import { createRouterTestDatabase } from '../router-test-database';
import { readTopic, routerGroupsFromNow, testKafka } from '../router-test-client';
import { keyOnPartition, waitForMembers } from './consumer-group.util';

const kafka = testKafka('router-concurrent-redelivery');
/** Partitions of the inbound topic when this suite creates it; an earlier suite may have made it with another count. */
const PARTITIONS = 6;

/**
 * The same message on two routers at the same moment: a provider's retry taken by another ingest
 * replica, or one record handed out twice around a rebalance. Every input is published twice with
 * one dedupe key but record keys that land on partitions held by different routers of one group;
 * both routers hold their batch before its transaction until both have one (a failpoint of the test
 * entry point), then go at once. One stored message per dedupe key, one ticket per customer, each
 * message announced once, nothing dead-lettered.
 */
describe('the same messages redelivered to two routers at once', () => {
  const tenantId = `twice-${randomUUID().slice(0, 8)}`;
  let groups: OwnConsumerGroups;
  let groupId = '';
  const releaseFile = join(tmpdir(), `router-twice-${randomUUID()}`);
  const inputs = numberedInputs(tenantId, 6, FAULT_INPUTS_PER_CUSTOMER);
  const publisher = new ContractPublisher(kafka);
  const admin = kafka.admin();
  const events: TicketEventV1Message[] = [];
  const deadLetters: string[] = [];
  const readers: Consumer[] = [];
  const routers: AppProcess[] = [];
  let db: TestDatabase;
  /** What the inbound topic really has: the keys below are computed for it. */
  let partitions = PARTITIONS;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    await admin.connect();
    await ensureTopics(admin, Object.values(TOPICS), { partitions: PARTITIONS, replicationFactor: 1 });
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPICS.inbound] })).topics;
    partitions = topic?.partitions.length ?? 0;
    // Two routers need a partition each.
    expect(partitions).toBeGreaterThanOrEqual(2);
    // Groups of this run's own, at the topics' ends, so only this run's inputs pass through them.
    groups = await routerGroupsFromNow('router-twice');
    groupId = groups.groupId(ROUTER_CONSUMER_GROUP);
    readers.push(
      await readTopic(kafka, TOPICS.ticketEvents, (_key, value) => {
        const event = decodeContract(TicketEventV1, value);
        if (event.tenantId === tenantId) events.push(event);
      }),
      await readTopic(kafka, TOPICS.inboundDeadLetter, (_key, value, headers) => {
        if (value?.toString('utf8').includes(tenantId)) deadLetters.push(headers['tributary-dlq-reason'] ?? '');
      }),
    );
  }, 60_000);

  afterAll(async () => {
    writeFileSync(releaseFile, '');
    await Promise.all(routers.map((router) => router.stop()));
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await admin.disconnect();
    await publisher.close();
    await db?.drop();
    rmSync(releaseFile, { force: true });
  }, 60_000);

  it('stores each dedupe key once and keeps one ticket per customer', async () => {
    const env = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      ...groups.env,
      TRIBUTARY_FAILPOINT_HOLD_TENANT: tenantId,
      TRIBUTARY_FAILPOINT_RELEASE_FILE: releaseFile,
    };
    const script = 'apps/router/test/faults/router-failpoints.main.ts';
    routers.push(...(await Promise.all([startAppProcess('router', { script, env }), startAppProcess('router', { script, env })])));
    const [mine, theirs] = await waitForMembers(admin, groupId, 2, 30_000);
    const first = mine?.[0] ?? 0;
    const second = theirs?.[0] ?? 0;
    expect(first).not.toBe(second);

    // Each input twice, in one produce request: once on a partition of one router, once on one of the other.
    const copies = inputs.flatMap(({ key, value }) => [
      { key: keyOnPartition(key, first, partitions), value },
      { key: keyOnPartition(key, second, partitions), value: { ...value, messageId: randomUUID() } },
    ]);
    await publisher.publish(TOPICS.inbound, InboundMessageV1, copies);

    const holding = (router: AppProcess): boolean => readFileSync(router.logFile, 'utf8').includes('failpoint: holding a batch');
    await waitFor('both routers holding a batch of the same messages', () => routers.every(holding), 30_000, 50);
    writeFileSync(releaseFile, '');

    expect(judgeRun(inputs, await settledRunOutput(db.dataSource, tenantId, inputs, events))).toEqual(CLEAN_VERDICT);
    const [counts] = await db.dataSource.query<{ contacts: string; tickets: string }[]>(
      'SELECT (SELECT count(*) FROM contacts WHERE tenant_id = $1) AS contacts, (SELECT count(*) FROM tickets WHERE tenant_id = $1) AS tickets',
      [tenantId],
    );
    expect(counts).toEqual({ contacts: '6', tickets: '6' });
    expect(deadLetters).toEqual([]);
  }, 180_000);
});
