import { DynamicModule, Module } from '@nestjs/common';
import { CHAT_INGEST_MIGRATIONS } from '@tributary/channel-chat';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { chatIngestConfigProblems, chatIngestConfigSchema } from './chat-ingest.config';
import { ChatIngestModule } from './chat-ingest.module';

/** Ingest apps write inbound messages and delivery reports, and read the replies they send. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery] as const;

@Module({})
class ChatIngestRootModule {}

export const chatIngestApp: AppDefinition<typeof chatIngestConfigSchema> = {
  name: 'chat-ingest',
  summary: "In-app chat channel: the embeddable widget's WebSocket (verified or anonymous visitors), their messages in, agents' replies pushed back live.",
  configSchema: chatIngestConfigSchema,
  configProblems: chatIngestConfigProblems,
  module: (config): DynamicModule => ({
    module: ChatIngestRootModule,
    imports: [...standardImports({ app: 'chat-ingest', config, topics: TOPICS_USED, database: { ...config, migrations: CHAT_INGEST_MIGRATIONS } }), ChatIngestModule.forRoot(config)],
  }),
};
