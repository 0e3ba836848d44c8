import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TicketEventV1, TOPICS, decodeContract, type TicketEventV1Message } from '@tributary/contracts';
import { CLEAN_VERDICT, FAULT_INPUTS_PER_CUSTOMER, judgeRun, numberedInputs, settledRunOutput } from '@tributary/fault-oracle';
import { ContractPublisher, ensureTopics } from '@tributary/platform-kafka';
import { startAppProcess, type AppProcess, type OwnConsumerGroups, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_CONSUMER_GROUP } from '@tributary/router-ticketing';
import type { Admin, Consumer } from 'kafkajs';
import { createRouterTestDatabase } from '../router-test-database';
import { readTopic, routerGroupsFromNow, testKafka } from '../router-test-client';

const kafka = testKafka('router-crash-fault');

/** Sum of the group's committed offsets on the inbound topic. */
async function committed(admin: Admin, groupId: string): Promise<bigint> {
  const [topic] = await admin.fetchOffsets({ groupId, topics: [TOPICS.inbound] });
  return (topic?.partitions ?? []).reduce((sum, partition) => sum + (partition.offset === '-1' ? 0n : BigInt(partition.offset)), 0n);
}

/**
 * A real crash in the window that is hardest to survive: the router SIGKILLed right after a batch's
 * database commit, before its offsets are committed (a failpoint only the test entry point arms).
 * Another router takes over; the oracle then compares what was stored and announced with the
 * numbered inputs. Once more with fetched batches split into transactions of 3 records, killed
 * between two transactions of one batch: the part already stored is redelivered and absorbed.
 */
describe.each([
  { name: 'a router killed between its database commit and its offset commit', group: 'router-crash-fault', killAfter: '3', env: {} },
  {
    name: 'a router killed between two transactions of one fetched batch',
    group: 'router-crash-split',
    killAfter: '2',
    env: { ROUTER_INBOUND_RECORDS_PER_TRANSACTION: '3' },
  },
])('$name', ({ group, killAfter, env }) => {
  const tenantId = `fault-${randomUUID().slice(0, 8)}`;
  let groups: OwnConsumerGroups;
  let groupId = '';
  const inputs = numberedInputs(tenantId, 6, FAULT_INPUTS_PER_CUSTOMER);
  const publisher = new ContractPublisher(kafka);
  const admin = kafka.admin();
  const events: TicketEventV1Message[] = [];
  const routers: AppProcess[] = [];
  let reader: Consumer | undefined;
  let db: TestDatabase;

  const routerEnv = (): NodeJS.ProcessEnv => ({ DATABASE_URL: db.url, KAFKA_BROKERS: process.env['KAFKA_BROKERS'], ...groups.env, ...env });

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    await admin.connect();
    // On a fresh broker no router has created the topics yet; they are made as a router would.
    await ensureTopics(admin, Object.values(TOPICS), { partitions: 6, replicationFactor: 1 });
    // The groups start at the topics' ends, so only this run's inputs pass through them.
    groups = await routerGroupsFromNow(group);
    groupId = groups.groupId(ROUTER_CONSUMER_GROUP);
    reader = await readTopic(kafka, TOPICS.ticketEvents, (_key, value) => {
      const event = decodeContract(TicketEventV1, value);
      if (event.tenantId === tenantId) events.push(event);
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(routers.map((router) => router.stop()));
    await reader?.disconnect();
    await admin.disconnect();
    await publisher.close();
    await db?.drop();
  }, 60_000);

  it('loses nothing, stores nothing twice, and keeps every ticket stream whole and in order', async () => {
    const doomed = await startAppProcess('router', {
      script: 'apps/router/test/faults/router-failpoints.main.ts',
      env: { ...routerEnv(), TRIBUTARY_FAILPOINT_KILL_AFTER_INBOUND_COMMITS: killAfter },
    });
    routers.push(doomed);
    const start = await committed(admin, groupId);
    // Several produce requests, so the inputs arrive over several fetches and batches.
    for (let offset = 0; offset < inputs.length; offset += 10) {
      await publisher.publish(TOPICS.inbound, InboundMessageV1, inputs.slice(offset, offset + 10).map(({ key, value }) => ({ key, value })));
    }
    expect(await doomed.ended).toEqual({ code: null, signal: 'SIGKILL' });

    // The crash hit the window: messages in the database whose offsets Kafka never got.
    const [{ n: storedBeforeRestart } = { n: '0' }] = await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM messages WHERE tenant_id = $1', [tenantId]);
    const committedBeforeRestart = (await committed(admin, groupId)) - start;
    expect(BigInt(storedBeforeRestart)).toBeGreaterThan(committedBeforeRestart);
    expect(Number(storedBeforeRestart)).toBeLessThan(inputs.length);

    routers.push(await startAppProcess('router', { env: routerEnv() }));
    expect(judgeRun(inputs, await settledRunOutput(db.dataSource, tenantId, inputs, events))).toEqual(CLEAN_VERDICT);
  }, 180_000);
});
