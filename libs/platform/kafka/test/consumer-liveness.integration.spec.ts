import { randomUUID } from 'node:crypto';
import { Injectable, Module, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InboundMessageV1, TOPICS } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { HealthModule, JsonLogger, LoggingModule, MetricsModule } from '@tributary/platform-observability';
import { startGroupsAtTopicEnd, waitFor } from '@tributary/platform-testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractPublisher } from '../src/contract-publisher';
import { KafkaHealthIndicator } from '../src/kafka-health.indicator';
import { KafkaRuntime } from '../src/kafka-runtime.service';
import { KafkaModule } from '../src/kafka.module';
import { testKafka } from './kafka-test-kit';

const poisonId = randomUUID();
/** Started at the topic's end before the app joins it: only this suite's records reach the handler. */
const group = `liveness-${randomUUID()}`;

/** A consumer whose handler has a bug that kafkajs cannot restart past: it throws a TypeError on one record. */
@Injectable()
class BuggyIntake implements OnModuleInit {
  constructor(private readonly kafka: KafkaRuntime) {}

  onModuleInit(): void {
    this.kafka.registerConsumer({
      groupId: group,
      topic: TOPICS.inbound,
      contract: InboundMessageV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      handle: (records) => {
        if (records.some((record) => record.value.messageId === poisonId)) throw new TypeError('handler bug');
        return Promise.resolve();
      },
    });
  }
}

/**
 * Liveness is what Kubernetes restarts a pod on: a consumer that kafkajs gave up on for good must
 * fail it, not only readiness, or the pod sits there unready and is never restarted.
 */
describe('an app whose consumer stopped for good', () => {
  let app: INestApplication;
  let baseUrl: string;
  const publisher = new ContractPublisher(testKafka());

  async function status(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${baseUrl}${path}`);
    return { status: response.status, body: await response.text() };
  }

  beforeAll(async () => {
    const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
    await startGroupsAtTopicEnd([{ groupId: group, topic: TOPICS.inbound }]);
    const logger = new JsonLogger({ app: 'liveness-test', level: 'error', write: () => undefined });
    @Module({
      imports: [
        LoggingModule.forRoot(logger),
        MetricsModule.forRoot({ app: 'liveness-test' }),
        KafkaModule.forRoot({
          connection: { clientId: `liveness-${randomUUID().slice(0, 8)}`, brokers },
          topics: [TOPICS.inbound, TOPICS.inboundDeadLetter],
          topicSettings: { partitions: 3, replicationFactor: 1 },
        }),
        HealthModule.forRoot({ indicators: [KafkaHealthIndicator] }),
      ],
      providers: [BuggyIntake],
    })
    class LivenessTestModule {}
    app = await NestFactory.create(LivenessTestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    await waitFor('the app to become ready', async () => (await status('/health/ready')).status === 200, 60_000, 200);
  }, 90_000);

  afterAll(async () => {
    await publisher.close();
    await app?.close();
  }, 60_000);

  it('is live until then, and fails liveness as well as readiness once it has, naming the consumer', async () => {
    expect(await status('/health/live')).toEqual({ status: 200, body: '{"status":"ok"}' });
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: 'liveness', value: { ...INBOUND_FIXTURES.sms, messageId: poisonId } }]);

    await waitFor('liveness to fail', async () => (await status('/health/live')).status === 503, 60_000, 200);
    const live = JSON.parse((await status('/health/live')).body) as { status: string; failed: Record<string, string> };
    expect(live.status).toBe('failed');
    expect(live.failed['kafka']).toMatch(/^consumer stopped: .*handler bug/);
    expect((await status('/health/ready')).status).toBe(503);
  }, 90_000);
});
