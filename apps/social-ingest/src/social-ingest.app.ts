import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { z } from 'zod';

const configSchema = z.object({});

/** Ingest apps write inbound messages and delivery reports, and read the replies they send. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery] as const;

@Module({})
class SocialIngestModule {}

export const socialIngestApp: AppDefinition<typeof configSchema> = {
  name: 'social-ingest',
  summary: "Social channels: WhatsApp, Telegram, Messenger and Instagram in and out.",
  configSchema,
  module: (config): DynamicModule => ({
    module: SocialIngestModule,
    imports: standardImports({ app: 'social-ingest', config, topics: TOPICS_USED }),
  }),
};
