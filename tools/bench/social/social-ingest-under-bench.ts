import { randomBytes } from 'node:crypto';
import type { WhatsappBusinessNumber } from '@tributary/channel-social/testing';
import { TOPICS } from '@tributary/contracts';
import { createTestDatabase, runAppCommand, startAppProcess, type AppProcess, type TestDatabase } from '@tributary/platform-testing';
import type { Kafka } from 'kafkajs';

export interface SocialIngestUnderBench {
  readonly app: AppProcess;
  readonly database: TestDatabase;
  readonly number: WhatsappBusinessNumber;
  readonly appSecret: string;
  readonly webhookUrl: string;
  /** SIGTERM the app, then drop its database. */
  close(): Promise<void>;
}

export interface SocialIngestBoot {
  readonly kafka: Kafka;
  readonly brokers: string;
  readonly tenantId: string;
  readonly blobDirectory: string;
}

/**
 * social-ingest as its own process (`node tools/run.js apps/social-ingest/src/main.ts`, as the
 * gateway runs it), so its RSS and CPU are its own and the load generator's work is not counted
 * as the service's. Its database is fresh (migrated by the app's own migrate command, dropped
 * afterwards); WhatsApp Cloud serves one number for the run's tenant. The Graph API points at a
 * closed port: text messages need no media download and the bench sends no replies.
 */
export async function startSocialIngest(boot: SocialIngestBoot): Promise<SocialIngestUnderBench> {
  const appSecret = `bench-secret-${randomBytes(12).toString('hex')}`;
  const number: WhatsappBusinessNumber = { phoneNumberId: String(300_000_000_000 + Math.floor(Math.random() * 1e9)), displayPhoneNumber: '15550783899', wabaId: '102290129340398' };
  const outboundGroup = `tributary-social-webhook-bench-${boot.tenantId}`;
  await startReplyLoopAtEnd(boot.kafka, outboundGroup);
  const database = await createTestDatabase('social_bench', { migrations: [], migrate: false });
  try {
    // The app's own schema command, as `./tributary start` runs it: whatever tables the app needs today.
    runAppCommand('apps/social-ingest/src/migrate.main.ts', ['up'], { DATABASE_URL: database.url });
    const app = await startAppProcess('social-ingest', {
      env: {
        KAFKA_BROKERS: boot.brokers,
        DATABASE_URL: database.url,
        BLOB_STORE_DIR: boot.blobDirectory,
        WHATSAPP_CLOUD_NUMBERS: JSON.stringify({ [number.phoneNumberId]: { tenantId: boot.tenantId } }),
        WHATSAPP_CLOUD_GRAPH_BASE_URL: 'http://127.0.0.1:1',
        WHATSAPP_CLOUD_ACCESS_TOKEN: `bench-token-${randomBytes(12).toString('hex')}`,
        WHATSAPP_CLOUD_APP_SECRETS: appSecret,
        WHATSAPP_CLOUD_VERIFY_TOKEN: `bench-verify-${randomBytes(12).toString('hex')}`,
        WHATSAPP_CLOUD_WEBHOOK_BASE_URL: 'https://social.example.com',
        SOCIAL_OUTBOUND_CONSUMER_GROUP: outboundGroup,
      },
      readyTimeoutMs: 120_000,
    });
    return {
      app,
      database,
      number,
      appSecret,
      webhookUrl: `${app.baseUrl}/whatsapp-cloud/webhook`,
      close: async () => {
        try {
          await app.stop();
        } finally {
          await database.drop();
        }
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * The app's reply loop is a new consumer group that would start at the beginning of
 * tributary.outbound.v1 and answer every earlier run's WhatsApp replies (as failed: unknown number)
 * on a shared stack. Its offsets are committed at the topic's end first, so it sees only new replies.
 */
async function startReplyLoopAtEnd(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(TOPICS.outbound)) await admin.resetOffsets({ groupId, topic: TOPICS.outbound, earliest: false });
  } finally {
    await admin.disconnect();
  }
}
