import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { z } from 'zod';

const configSchema = z.object({});

/** Ingest apps write inbound messages and delivery reports, and read the replies they send. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery] as const;

@Module({})
class ChatIngestModule {}

export const chatIngestApp: AppDefinition<typeof configSchema> = {
  name: 'chat-ingest',
  summary: "In-app chat channel: verified chat users' messages in, agents' replies out.",
  configSchema,
  module: (config): DynamicModule => ({
    module: ChatIngestModule,
    imports: standardImports({ app: 'chat-ingest', config, topics: TOPICS_USED }),
  }),
};
