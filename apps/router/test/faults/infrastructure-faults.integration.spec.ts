import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TicketEventV1, TOPICS, decodeContract, type TicketEventV1Message } from '@tributary/contracts';
import { CLEAN_VERDICT, FAULT_INPUTS_PER_CUSTOMER, judgeRun, numberedInputs, settledRunOutput, signalServer, startFaultStack, type NumberedInput } from '@tributary/fault-oracle';
import { stopComponent, stopStack } from '@tributary/local-stack';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { runAppCommand, startAppProcess, waitFor, type AppProcess, suiteStackName } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createDataSource } from '@tributary/platform-database';
import { readTopic } from '../router-test-client';

const STACK = suiteStackName('faults');

/**
 * Real faults of the servers under a running router, on a stack of this suite's own: the broker
 * SIGKILLed and frozen (SIGSTOP) mid-stream, PostgreSQL stopped under load. After each, the oracle
 * compares what was stored and announced with the numbered inputs the producer had acknowledged.
 * One broker: a SIGKILL of the process keeps what the OS page cache holds, so nothing acknowledged
 * may be lost; a machine crash could lose it, which one broker cannot be tested for.
 */
describe('the router under real server faults', () => {
  let kafka: Kafka;
  let brokers: string;
  let databaseUrl: string;
  let router: AppProcess | undefined;
  let reader: Consumer | undefined;
  const events: TicketEventV1Message[] = [];

  beforeAll(async () => {
    const stack = await startFaultStack(STACK);
    brokers = stack.env['KAFKA_BROKERS'] ?? '';
    databaseUrl = stack.env['DATABASE_URL'] ?? '';
    runAppCommand('apps/router/src/migrate.main.ts', ['up'], { DATABASE_URL: databaseUrl });
    kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'router-faults', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
    router = await startAppProcess('router', { env: { KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, KAFKA_TOPIC_PARTITIONS: '3' } });
    reader = await readTopic(kafka, TOPICS.ticketEvents, (_key, value) => events.push(decodeContract(TicketEventV1, value)));
  }, 240_000);

  afterAll(async () => {
    await router?.stop();
    await reader?.disconnect();
    await stopStack({ name: STACK });
  }, 120_000);

  /**
   * Publishes the inputs in steps of ten, as an ingest would: a step the broker did not acknowledge
   * (kafkajs gives up reconnecting while the broker is down) is sent again with a fresh producer, so
   * every input ends acknowledged, some perhaps twice; the router must store each once. After the
   * `faultAfter`-th step the fault runs alongside.
   */
  async function publishWithFault(inputs: readonly NumberedInput[], faultAfter: number, fault: () => Promise<void>): Promise<void> {
    let publisher = new ContractPublisher(kafka);
    let faulted: Promise<void> | undefined;
    try {
      for (let step = 0; step * 10 < inputs.length; step += 1) {
        const records = inputs.slice(step * 10, step * 10 + 10).map(({ key, value }) => ({ key, value }));
        await waitFor(
          `step ${step} acknowledged`,
          async () => {
            try {
              await publisher.publish(TOPICS.inbound, InboundMessageV1, records);
              return true;
            } catch {
              await publisher.close().catch(() => undefined);
              publisher = new ContractPublisher(kafka);
              return false;
            }
          },
          120_000,
          500,
        );
        if (step + 1 === faultAfter) faulted = fault();
      }
      await faulted;
    } finally {
      await publisher.close();
    }
  }

  async function judged(tenantId: string, inputs: readonly NumberedInput[]): Promise<ReturnType<typeof judgeRun>> {
    const dataSource = await createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'router-faults-oracle' }).initialize();
    try {
      return judgeRun(inputs, await settledRunOutput(dataSource, tenantId, inputs, events));
    } finally {
      await dataSource.destroy();
    }
  }

  async function ready(): Promise<{ status: number; body: string }> {
    const response = await fetch(`${router?.baseUrl ?? ''}/health/ready`, { signal: AbortSignal.timeout(3_000) });
    return { status: response.status, body: await response.text() };
  }

  it('a broker SIGKILLed mid-stream and restarted: every acknowledged input once, streams whole and in order', async () => {
    const tenantId = `kill-${randomUUID().slice(0, 8)}`;
    const inputs = numberedInputs(tenantId, 6, FAULT_INPUTS_PER_CUSTOMER);
    await publishWithFault(inputs, 2, async () => {
      signalServer(STACK, 'kafka', 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await startFaultStack(STACK, ['kafka']);
    });
    expect(await judged(tenantId, inputs)).toEqual(CLEAN_VERDICT);
  }, 240_000);

  it('a broker frozen (SIGSTOP) for ten seconds and resumed: nothing lost or doubled', async () => {
    const tenantId = `freeze-${randomUUID().slice(0, 8)}`;
    const inputs = numberedInputs(tenantId, 6, FAULT_INPUTS_PER_CUSTOMER);
    await publishWithFault(inputs, 2, async () => {
      signalServer(STACK, 'kafka', 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      signalServer(STACK, 'kafka', 'SIGCONT');
    });
    expect(await judged(tenantId, inputs)).toEqual(CLEAN_VERDICT);
  }, 240_000);

  it('PostgreSQL stopped under load: readiness names it, nothing is committed meanwhile, and all of it lands once it returns', async () => {
    const tenantId = `pgstop-${randomUUID().slice(0, 8)}`;
    const inputs = numberedInputs(tenantId, 6, FAULT_INPUTS_PER_CUSTOMER);
    await publishWithFault(inputs, 2, async () => {
      await stopComponent(STACK, 'postgres');
      await waitFor('readiness to turn 503 naming postgres', async () => {
        const answer = await ready();
        return answer.status === 503 && answer.body.includes('postgres');
      }, 20_000, 250);
      // While the database is away the router holds its batch: the group's offsets do not move.
      const admin = kafka.admin();
      await admin.connect();
      const offsets = async (): Promise<string> => JSON.stringify(await admin.fetchOffsets({ groupId: 'tributary-router', topics: [TOPICS.inbound] }));
      const before = await offsets();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await offsets()).toBe(before);
      await admin.disconnect();
      await startFaultStack(STACK, ['postgres']);
      await waitFor('readiness to turn 200 again', async () => (await ready()).status === 200, 60_000, 250);
    });
    expect(await judged(tenantId, inputs)).toEqual(CLEAN_VERDICT);
  }, 240_000);
});
