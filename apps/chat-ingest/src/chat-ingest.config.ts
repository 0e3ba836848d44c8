import { chatConfigShape, resolveChatTenants } from '@tributary/channel-chat';
import type { AppConfig } from '@tributary/platform-app';
import { blobStoreConfigProblems, blobStoreConfigShape } from '@tributary/platform-blob-store';
import { databaseConfigShape, type ConfigProblem } from '@tributary/platform-config';
import { z } from 'zod';

const consumerGroupName = z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/, 'must be letters, digits, dots, dashes or underscores');

export const chatIngestConfigSchema = z.object({
  ...chatConfigShape,
  ...databaseConfigShape,
  ...blobStoreConfigShape,
  CHAT_OUTBOUND_CONSUMER_GROUP: consumerGroupName
    .default('tributary-chat-ingest-outbound')
    .describe('Kafka consumer group of the reply loop, shared by the replicas: one stores each reply, every one pushes it to the sockets it holds'),
});

export type ChatIngestConfig = AppConfig<typeof chatIngestConfigSchema>;

export function chatIngestConfigProblems(config: ChatIngestConfig): readonly ConfigProblem[] {
  return [...resolveChatTenants(config).problems, ...blobStoreConfigProblems(config)];
}
