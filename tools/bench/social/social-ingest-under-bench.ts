import { TOPICS } from '@tributary/contracts';
import { createTestDatabase, runAppCommand, startAppProcess, type AppProcess, type TestDatabase } from '@tributary/platform-testing';
import type { Kafka } from 'kafkajs';
import type { ProviderWorkload } from './provider-workload';

export interface SocialIngestUnderBench {
  readonly app: AppProcess;
  readonly database: TestDatabase;
  /** SIGTERM the app, then drop its database. */
  close(): Promise<void>;
}

export interface SocialIngestBoot {
  readonly kafka: Kafka;
  readonly brokers: string;
  /** Names the app's reply-loop consumer group. */
  readonly runId: string;
  readonly blobDirectory: string;
  /** The providers it serves, each with its own variables. */
  readonly workloads: readonly ProviderWorkload[];
}

/**
 * social-ingest as its own process (`node tools/run.js apps/social-ingest/src/main.ts`, as the
 * gateway runs it), so its RSS and CPU are its own and the load generator's work is not counted
 * as the service's. Its database is fresh (migrated by the app's own migrate command, dropped
 * afterwards); it serves exactly the workloads' providers, each account for its own tenant, and
 * every provider API it could call points at a closed port (see UNREACHABLE_API).
 */
export async function startSocialIngest(boot: SocialIngestBoot): Promise<SocialIngestUnderBench> {
  const outboundGroup = `tributary-social-webhook-bench-${boot.runId}`;
  await startReplyLoopAtEnd(boot.kafka, outboundGroup);
  const providerEnv = providersEnv(boot.workloads);
  const database = await createTestDatabase('social_bench', { migrations: [], migrate: false });
  try {
    // The app's own schema command, as `./tributary start` runs it: whatever tables the app needs today.
    runAppCommand('apps/social-ingest/src/migrate.main.ts', ['up'], { DATABASE_URL: database.url });
    const app = await startAppProcess('social-ingest', {
      env: { ...providerEnv, KAFKA_BROKERS: boot.brokers, DATABASE_URL: database.url, BLOB_STORE_DIR: boot.blobDirectory, SOCIAL_OUTBOUND_CONSUMER_GROUP: outboundGroup },
      readyTimeoutMs: 120_000,
    });
    return {
      app,
      database,
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

/** Every workload's variables in one set; two workloads may share a variable only with one value (Messenger and Instagram's Meta app). */
function providersEnv(workloads: readonly ProviderWorkload[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const workload of workloads) {
    for (const [name, value] of Object.entries(workload.env)) {
      if (env[name] !== undefined && env[name] !== value) throw new Error(`two workloads set ${name} differently (the second is ${workload.provider}'s)`);
      env[name] = value;
    }
  }
  return env;
}

/**
 * The app's reply loop is a new consumer group that would start at the beginning of
 * tributary.outbound.v1 and answer every earlier run's replies (as failed: unknown account) on a
 * shared stack. Its offsets are committed at the topic's end first, so it sees only new replies.
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
