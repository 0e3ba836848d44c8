import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TicketEventV1, TOPICS, decodeContract, type TicketEventV1Message } from '@tributary/contracts';
import { CLEAN_VERDICT, FAULT_INPUTS_PER_CUSTOMER, judgeRun, numberedInputs, settledRunOutput } from '@tributary/fault-oracle';
import { ContractPublisher, ensureTopics } from '@tributary/platform-kafka';
import { startAppProcess, waitFor, type AppProcess, type OwnConsumerGroups, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_CONSUMER_GROUP } from '@tributary/router-ticketing';
import type { Consumer } from 'kafkajs';
import { createRouterTestDatabase } from '../router-test-database';
import { readTopic, routerGroupsFromNow, testKafka } from '../router-test-client';
import { committedOffsets, inboundAssignments, waitForMembers } from './consumer-group.util';

const kafka = testKafka('router-zombie-fault');

/** The process's state letter from /proc: T while stopped. */
function processState(pid: number): string {
  return /\) (\w) /.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? '?';
}

/**
 * A router frozen by the kernel (SIGSTOP) while it holds a fetched batch, right before that batch's
 * transaction: past the group's session timeout the broker gives its partitions to the other
 * router, which stores everything. Then the frozen one resumes and runs its stale batch to the end.
 * Its late transaction and offset commit must change nothing: no row, no event, no dead letter, no
 * offset moved back; and the oracle's verdict over the whole run must be clean.
 */
describe('a router frozen while another takes its partitions, then resumed', () => {
  const tenantId = `zombie-${randomUUID().slice(0, 8)}`;
  let groups: OwnConsumerGroups;
  let groupId = '';
  const inputs = numberedInputs(tenantId, 6, FAULT_INPUTS_PER_CUSTOMER);
  const publisher = new ContractPublisher(kafka);
  const admin = kafka.admin();
  const events: TicketEventV1Message[] = [];
  const deadLetters: string[] = [];
  const readers: Consumer[] = [];
  const routers: AppProcess[] = [];
  let db: TestDatabase;

  const routerEnv = (): NodeJS.ProcessEnv => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    ...groups.env,
    // One batch at a time: the frozen router holds its batch with no other transaction open.
    ROUTER_INBOUND_CONCURRENCY: '1',
  });

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    await admin.connect();
    await ensureTopics(admin, Object.values(TOPICS), { partitions: 6, replicationFactor: 1 });
    groups = await routerGroupsFromNow('router-zombie');
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
    // A stopped process cannot act on SIGTERM: it is continued first.
    for (const router of routers) {
      try {
        process.kill(router.pid, 'SIGCONT');
      } catch {
        // already ended
      }
    }
    await Promise.all(routers.map((router) => router.stop()));
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await admin.disconnect();
    await publisher.close();
    await db?.drop();
  }, 60_000);

  it('stores nothing twice and announces nothing twice once the frozen router wakes up', async () => {
    const [zombie, survivor] = await Promise.all([
      startAppProcess('router', { script: 'apps/router/test/faults/router-failpoints.main.ts', env: { ...routerEnv(), TRIBUTARY_FAILPOINT_FREEZE_ON_TENANT: tenantId } }),
      startAppProcess('router', { env: routerEnv() }),
    ]);
    if (!zombie || !survivor) throw new Error('routers did not start');
    routers.push(zombie, survivor);
    await waitForMembers(admin, groupId, 2, 30_000);

    for (let offset = 0; offset < inputs.length; offset += 10) {
      await publisher.publish(TOPICS.inbound, InboundMessageV1, inputs.slice(offset, offset + 10).map(({ key, value }) => ({ key, value })));
    }
    await waitFor('the zombie to freeze holding a batch', () => processState(zombie.pid) === 'T', 20_000, 50);

    // Past the session timeout (30 s) the broker expels it; the survivor takes every partition and stores it all.
    const members = await waitForMembers(admin, groupId, 1, 60_000);
    // As many partitions as the topic has: an earlier suite on this broker may have created it.
    const [inbound] = (await admin.fetchTopicMetadata({ topics: [TOPICS.inbound] })).topics;
    expect(members[0]).toHaveLength(inbound?.partitions.length ?? 0);
    const count = async (sql: string): Promise<string> => JSON.stringify(await db.dataSource.query(sql, [tenantId]));
    const messagesSql = 'SELECT dedupe_key, ticket_id FROM messages WHERE tenant_id = $1 ORDER BY dedupe_key';
    await waitFor('every input stored by the survivor', async () => (JSON.parse(await count(messagesSql)) as unknown[]).length >= inputs.length, 60_000, 250);
    expect(processState(zombie.pid)).toBe('T');

    const before = {
      messages: await count(messagesSql),
      tickets: await count('SELECT id, sequence, status, updated_at FROM tickets WHERE tenant_id = $1 ORDER BY id'),
      outbox: await count('SELECT count(*) AS n FROM outbox_events o JOIN tickets t ON t.id = o.ticket_id WHERE t.tenant_id = $1'),
    };
    const offsetsBefore = await committedOffsets(admin, groupId);

    process.kill(zombie.pid, 'SIGCONT');
    // The late transaction ran to its commit (the failpoint says so), then its offset commit met the broker.
    await waitFor('the zombie to commit the batch it held', () => readFileSync(zombie.logFile, 'utf8').includes('the batch held across the freeze committed'), 20_000, 100);
    // Then its stale offset commit meets the broker, which no longer knows it: it rejoins the group and
    // keeps serving (kafkajs alone would end that consumer for good), and stays live.
    await waitFor('the zombie to rejoin its group', async () => (await inboundAssignments(admin, groupId)).members.length === 2, 40_000, 250);
    expect((await fetch(`${zombie.baseUrl}/health/live`)).status).toBe(200);

    expect(await count(messagesSql)).toBe(before.messages);
    expect(await count('SELECT id, sequence, status, updated_at FROM tickets WHERE tenant_id = $1 ORDER BY id')).toBe(before.tickets);
    expect(await count('SELECT count(*) AS n FROM outbox_events o JOIN tickets t ON t.id = o.ticket_id WHERE t.tenant_id = $1')).toBe(before.outbox);
    for (const [partition, offset] of await committedOffsets(admin, groupId)) {
      // A stale offset commit accepted from the zombie would move its partition back.
      expect({ partition, offset: offset >= (offsetsBefore.get(partition) ?? -1n) }).toEqual({ partition, offset: true });
    }
    expect(judgeRun(inputs, await settledRunOutput(db.dataSource, tenantId, inputs, events))).toEqual(CLEAN_VERDICT);
    expect(deadLetters).toEqual([]);
  }, 180_000);
});
