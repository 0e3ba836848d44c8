import { randomUUID } from 'node:crypto';
import { Injectable, Module, type INestApplicationContext, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InboundMessageV1, TOPICS } from '@tributary/contracts';
import { JsonLogger, LoggingModule, MetricsModule } from '@tributary/platform-observability';
import { startGroupsAtTopicEnd, waitFor } from '@tributary/platform-testing';
import { KafkaRuntime } from '../src/kafka-runtime.service';
import { KafkaModule } from '../src/kafka.module';
import { testKafka } from './kafka-test-kit';

const prefix = `suite-${randomUUID().slice(0, 8)}.`;

@Injectable()
class Intake implements OnModuleInit {
  constructor(private readonly kafka: KafkaRuntime) {}

  onModuleInit(): void {
    this.kafka.registerConsumer({ groupId: 'tributary-router', topic: TOPICS.inbound, contract: InboundMessageV1, deadLetterTopic: TOPICS.inboundDeadLetter, handle: () => Promise.resolve() });
  }
}

/**
 * Two deployments, or two test suites, on one Kafka must never share a consumer group, or each takes
 * part of the other's records: with KAFKA_CONSUMER_GROUP_PREFIX every group the app joins carries it.
 */
describe('KAFKA_CONSUMER_GROUP_PREFIX', () => {
  let app: INestApplicationContext;
  const admin = testKafka().admin();

  beforeAll(async () => {
    const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
    // Where the topic ends now: the records before it are other suites', not this group's to read.
    await startGroupsAtTopicEnd([{ groupId: `${prefix}tributary-router`, topic: TOPICS.inbound }]);
    @Module({
      imports: [
        LoggingModule.forRoot(new JsonLogger({ app: 'prefix-test', level: 'error', write: () => undefined })),
        MetricsModule.forRoot({ app: 'prefix-test' }),
        KafkaModule.forRoot({
          connection: { clientId: `prefix-${randomUUID().slice(0, 8)}`, brokers },
          topics: [TOPICS.inbound, TOPICS.inboundDeadLetter],
          topicSettings: { partitions: 3, replicationFactor: 1 },
          consumerGroupPrefix: prefix,
        }),
      ],
      providers: [Intake],
    })
    class PrefixTestModule {}
    app = await NestFactory.createApplicationContext(PrefixTestModule, { logger: false });
    await app.init();
    await admin.connect();
  }, 90_000);

  afterAll(async () => {
    await admin.disconnect();
    await app?.close();
  }, 60_000);

  it('joins the prefixed group, never the bare one', async () => {
    // The group exists from the start (its offsets were set above): it is the app's once it has a member.
    const members = async (): Promise<number> => (await admin.describeGroups([`${prefix}tributary-router`])).groups[0]?.members.length ?? 0;
    await waitFor('the app to join the prefixed group', async () => (await members()) > 0, 60_000, 250);
    expect(await members()).toBeGreaterThan(0);
  }, 90_000);
});
