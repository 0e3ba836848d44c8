import { TOPICS } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { DeploymentPlan } from './rollout-deployment';

/** A topic as the broker describes it. */
export interface TopicDurability {
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: string;
  /** Messages between two fsyncs of the log; Long.MAX (the default) leaves it to the OS. */
  readonly flushMessages: string;
}

/** What a run's promises rest on: how producers are acknowledged, how topics are replicated, how commits reach disk, and where ingest keeps what Kafka did not take. */
export interface DurabilitySettings {
  readonly producer: string;
  readonly brokers: number;
  readonly topics: readonly TopicDurability[];
  readonly postgres: { readonly synchronousCommit: string; readonly fsync: string };
  readonly intake: readonly string[];
}

/**
 * Every ingest app and the router's relay publish through the platform's ContractPublisher
 * (libs/platform/kafka/src/contract-publisher.ts): this line says what it sets.
 */
const PRODUCER = 'acks=all (-1), idempotent, 1 request in flight, retries without limit (ContractPublisher)';

/** Reads the settings off the running broker and database; the apps' intake from the plan and their configuration defaults. */
export async function readDurabilitySettings(brokers: string, routerDatabaseUrl: string, plan: DeploymentPlan): Promise<DurabilitySettings> {
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'soak-durability', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topicNames = [TOPICS.inbound, TOPICS.ticketEvents];
    const [cluster, metadata, configs] = await Promise.all([
      admin.describeCluster(),
      admin.fetchTopicMetadata({ topics: topicNames }),
      admin.describeConfigs({ includeSynonyms: false, resources: topicNames.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas', 'flush.messages'] })) }),
    ]);
    const topics = metadata.topics.map((topic) => {
      const entries = configs.resources.find((resource) => resource.resourceName === topic.name)?.configEntries ?? [];
      const config = (name: string): string => entries.find((entry) => entry.configName === name)?.configValue ?? '?';
      const flush = config('flush.messages');
      return {
        topic: topic.name,
        partitions: topic.partitions.length,
        replicationFactor: Math.max(...topic.partitions.map((partition) => partition.replicas.length)),
        minInsyncReplicas: config('min.insync.replicas'),
        flushMessages: flush === '9223372036854775807' ? 'never forced (OS page cache)' : flush,
      };
    });
    return { producer: PRODUCER, brokers: cluster.brokers.length, topics, postgres: await postgresSettings(routerDatabaseUrl), intake: intakeLines(plan) };
  } finally {
    await admin.disconnect();
  }
}

async function postgresSettings(url: string): Promise<DurabilitySettings['postgres']> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string): Promise<string> => ((await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? '?');
    return { synchronousCommit: await show('synchronous_commit'), fsync: await show('fsync') };
  } finally {
    await client.end();
  }
}

/** Where each ingest app keeps an input it acknowledged before Kafka did (the apps run with their defaults). */
function intakeLines(plan: DeploymentPlan): string[] {
  const lines: string[] = [];
  if (plan.apps.includes('voice-ingest')) {
    lines.push('voice-ingest: 200 once Kafka acknowledged, or after HANDOFF_TIMEOUT_MS (1 s) once fsync\'d into its spool (SPOOL_DIR, a directory per replica; 503 when full)');
  }
  if (plan.apps.includes('email-ingest')) {
    lines.push(
      plan.emailIntake === 'smtp'
        ? 'email-ingest (inbound SMTP): no spool; 250 only once Kafka acknowledged, 451 after EMAIL_HANDOFF_TIMEOUT_MS (20 s): the sender keeps the mail'
        : 'email-ingest (IMAP): the mailbox keeps the mail (GreenMail, in memory, not faulted here); the UID checkpoint moves only after Kafka acknowledged',
    );
  }
  if (plan.apps.includes('social-ingest')) lines.push('social-ingest: no spool; 200 only once Kafka acknowledged, 503 after SOCIAL_HANDOFF_TIMEOUT_MS');
  if (plan.apps.includes('router')) lines.push('router: a batch is one database transaction, its offsets committed after it; ticket events leave through the outbox');
  return lines;
}
