import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundMessageV1, TOPICS, type InboundMessageV1Message, type TopicName } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { ContractPublisher, ensureTopics, toKafkaJsConfig } from '@tributary/platform-kafka';
import { KafkaTopicReader, createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { Kafka, logLevel } from 'kafkajs';
import { EmailIntake } from '../src/intake/email-intake.service';
import { EmailNormalizer } from '../src/mime/email-normalizer.service';
import { EMAIL_INGEST_MIGRATIONS } from '../src/persistence/email-migrations';
import { EmailIngestStateRepository } from '../src/persistence/email-ingest-state.repository';
import type { InboundPublisherPort } from '../src/intake/email-intake.ports';

export const silentLogger = { event: (): void => undefined };

export function testKafka(brokers = process.env['KAFKA_BROKERS'] ?? ''): Kafka {
  return new Kafka({ ...toKafkaJsConfig({ clientId: `email-test-${randomUUID().slice(0, 6)}`, brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
}

export async function ensureTestTopics(topics: readonly TopicName[]): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, { partitions: 3, replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
}

/** Real Postgres, Kafka and blob store around one EmailIntake, and a reader of what it published. */
export interface EmailHarness {
  readonly db: TestDatabase;
  readonly state: EmailIngestStateRepository;
  readonly intake: EmailIntake;
  readonly published: KafkaTopicReader<typeof InboundMessageV1.schema>;
  readonly publisher: ContractPublisher;
  close(): Promise<void>;
}

export async function emailHarness(tenantId: string, publisherOverride?: InboundPublisherPort): Promise<EmailHarness> {
  await ensureTestTopics([TOPICS.inbound, TOPICS.outbound, TOPICS.delivery]);
  const db = await createTestDatabase('email_ingest', { migrations: EMAIL_INGEST_MIGRATIONS });
  const state = new EmailIngestStateRepository(db.dataSource);
  const blobStore = new LocalDirectoryBlobStore(mkdtempSync(join(tmpdir(), 'email-it-')));
  const publisher = new ContractPublisher(testKafka());
  const kafkaPublisher: InboundPublisherPort = {
    publish: (messages) =>
      publisher.publish(TOPICS.inbound, InboundMessageV1, messages.map((value) => ({ key: `${value.tenantId}:${value.sender.identities[0]?.value ?? ''}`, value }))),
  };
  const intake = new EmailIntake(new EmailNormalizer(blobStore), blobStore, publisherOverride ?? kafkaPublisher, state, state);
  const published = new KafkaTopicReader(TOPICS.inbound, InboundMessageV1, (value: InboundMessageV1Message) => value.tenantId === tenantId);
  await published.start();
  return {
    db,
    state,
    intake,
    published,
    publisher,
    async close() {
      await published.stop();
      await publisher.close();
      await db.drop();
    },
  };
}
