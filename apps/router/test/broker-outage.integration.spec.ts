import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TOPICS } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { startStack, stopComponent, stopStack } from '@tributary/local-stack';
import { ContractPublisher } from '@tributary/platform-kafka';
import { bootApp, waitFor, type BootedApp, type TestDatabase, suiteStackName } from '@tributary/platform-testing';
import { routerApp } from '../src/router.app';
import { createRouterTestDatabase } from './router-test-database';

/**
 * Readiness must follow the broker: red within seconds when it goes away, green again when it
 * comes back, with no restart of the app. The broker is this suite's own, so stopping it does not
 * disturb the suites sharing the test stack; so is the database, so what it stores is nobody else's.
 */
describe('router readiness across a broker outage', () => {
  const stackName = suiteStackName('outage');
  let router: BootedApp;
  let db: TestDatabase | undefined;

  async function readiness(): Promise<{ status: number; checks: Record<string, { status: string }> }> {
    const response = await router.get('/health/ready');
    return { status: response.status, checks: (JSON.parse(response.body) as { checks: Record<string, { status: string }> }).checks };
  }

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    const stack = await startStack({ name: stackName, components: ['kafka'] });
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: stack.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    await waitFor('the router to become ready', async () => (await readiness()).status === 200, 60_000, 200);
  }, 120_000);

  afterAll(async () => {
    await router?.close();
    await db?.drop();
    await stopStack({ name: stackName });
  }, 60_000);

  it('turns not ready within seconds of the broker stopping, naming Kafka, with Postgres still up', async () => {
    await stopComponent(stackName, 'kafka');
    const elapsed = await waitFor('readiness to turn 503', async () => (await readiness()).status === 503, 10_000, 200);
    const report = await readiness();
    expect(report.checks['kafka']?.status).toBe('down');
    expect(report.checks['postgres']?.status).toBe('up');
    expect(elapsed).toBeLessThan(10_000);
  }, 60_000);

  it('recovers when the broker returns, without restarting the app, and can publish again', async () => {
    await startStack({ name: stackName, components: ['kafka'] });
    await waitFor('readiness to turn 200 again', async () => (await readiness()).status === 200, 60_000, 200);

    const message = { ...INBOUND_FIXTURES.sms, messageId: randomUUID() };
    await expect(
      router.app.get(ContractPublisher).publish(TOPICS.inbound, InboundMessageV1, [{ key: 'outage', value: message }]),
    ).resolves.toBeUndefined();
  }, 90_000);
});
