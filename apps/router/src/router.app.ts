import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS, type InboundMessageV1Message } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { blobStoreConfigProblems, blobStoreConfigShape, blobStoreFromConfig } from '@tributary/platform-blob-store';
import { databaseConfigShape, secret } from '@tributary/platform-config';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { SwaggerModule } from '@nestjs/swagger';
import { QueueApiModule, parseApiKeyConfig, parseOperatorKeyConfig, queueOpenApiDocument } from '@tributary/router-queue-api';
import { TicketingModule } from '@tributary/router-ticketing';
import { z } from 'zod';

const configSchema = z.object({
  ...databaseConfigShape,
  // Read only: the queue API serves the attachments the ingests stored.
  ...blobStoreConfigShape,
  ROUTER_API_KEYS: secret(
    z
      .string()
      .default('')
      .superRefine((value, ctx) => {
        try {
          parseApiKeyConfig(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        }
      })
      .describe('Queue API keys: tenant=<sha256 hex of the key>, comma-separated; none means every API request is refused'),
  ),
  ROUTER_OPERATOR_KEYS: secret(
    z
      .string()
      .default('')
      .superRefine((value, ctx) => {
        try {
          parseOperatorKeyConfig(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        }
      })
      .describe('Operator keys, which see every tenant (the dead-letter routes under /v1/operator): name=<sha256 hex of the key>, comma-separated; none means those routes refuse every request'),
  ),
  ROUTER_INBOUND_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    // Measured (./tributary bench, 2 cores): 2 overlaps one batch's SQL with another's JavaScript
    // for a lower latency at the same throughput; more only wait on each other's locks.
    .default(2)
    .describe('Inbound partitions processed at once, each in its own transaction (keep below DATABASE_POOL_SIZE)'),
  ROUTER_INBOUND_RECORDS_PER_TRANSACTION: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    // Above the ~700 records a 1 MiB fetch of the bench's mix holds, so it bounds a fetch of many
    // small records without splitting the usual batch (each transaction has a fixed cost).
    .default(1_000)
    .describe('Most inbound records stored in one database transaction; a larger fetched batch takes several'),
  ROUTER_INBOUND_FETCH_MAX_BYTES_PER_PARTITION: z.coerce
    .number()
    .int()
    .min(65_536)
    .max(67_108_864)
    .default(1_048_576)
    .describe('Most bytes of one inbound partition in one fetch'),
  ROUTER_INBOUND_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(65_536)
    .max(268_435_456)
    // kafkajs' default is 10 MiB; the router handles two partitions at a time, so 4 MiB buffers
    // the next ones without holding ten batches' worth of records in the heap.
    .default(4_194_304)
    .describe('Most bytes of one inbound fetch across its partitions'),
  ROUTER_CONSUMER_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, dots, dashes and underscores only')
    .default('tributary-router')
    .describe('Consumer group of the inbound topic; every router of one deployment shares it'),
  ROUTER_OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .default(168)
    .describe('Hours a published ticket event stays in the outbox table before it is deleted (0 keeps them); Kafka keeps the stream'),
});

/** The router reads inbound messages, delivery reports and attachment outcomes, and writes everything helpdesks read. */
const TOPICS_USED = Object.values(TOPICS);

@Module({})
class RouterModule {}

/** Hooks a test entry point may arm to inject real faults; production's main.ts arms none. */
export interface RouterFailpoints {
  readonly afterInboundCommit?: () => void;
  readonly beforeInboundBatch?: (messages: readonly InboundMessageV1Message[]) => Promise<void> | void;
}

export function createRouterApp(failpoints: RouterFailpoints = {}): AppDefinition<typeof configSchema> {
  return {
    name: 'router',
    summary: 'Dedupes inbound messages into unified tickets in Postgres and publishes the ticket stream.',
    configSchema,
    configProblems: (config) => [...blobStoreConfigProblems(config), ...operatorKeyProblems(config.ROUTER_API_KEYS, config.ROUTER_OPERATOR_KEYS)],
    module: (config): DynamicModule => ({
      module: RouterModule,
      imports: [
        ...standardImports({
          app: 'router',
          config,
          topics: TOPICS_USED,
          database: { ...config, migrations: ROUTER_MIGRATIONS },
        }),
        TicketingModule.forRoot({
          inboundConcurrency: config.ROUTER_INBOUND_CONCURRENCY,
          inboundRecordsPerTransaction: config.ROUTER_INBOUND_RECORDS_PER_TRANSACTION,
          inboundFetch: { maxBytesPerPartition: config.ROUTER_INBOUND_FETCH_MAX_BYTES_PER_PARTITION, maxBytes: config.ROUTER_INBOUND_FETCH_MAX_BYTES },
          outboxRetentionHours: config.ROUTER_OUTBOX_RETENTION_HOURS,
          consumerGroup: config.ROUTER_CONSUMER_GROUP,
          ...failpoints,
        }),
        QueueApiModule.forRoot({
          apiKeys: config.ROUTER_API_KEYS,
          operatorKeys: config.ROUTER_OPERATOR_KEYS,
          blobs: blobStoreFromConfig(config),
          consumerGroupPrefix: config.KAFKA_CONSUMER_GROUP_PREFIX,
        }),
      ],
    }),
    configure: (app) => SwaggerModule.setup('docs', app, queueOpenApiDocument()),
  };
}

export const routerApp = createRouterApp();

/** One key must not be both a tenant's and an operator's: which routes it opens would depend on the route. */
function operatorKeyProblems(apiKeys: string, operatorKeys: string): { variable: string; message: string }[] {
  const tenants = parseApiKeyConfig(apiKeys);
  const shared = [...parseOperatorKeyConfig(operatorKeys)].filter(([digest]) => tenants.has(digest)).map(([, name]) => name);
  return shared.length > 0 ? [{ variable: 'ROUTER_OPERATOR_KEYS', message: `the key of ${shared.join(', ')} is also a tenant's key in ROUTER_API_KEYS; give operators keys of their own` }] : [];
}
