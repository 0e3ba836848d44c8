import { DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_KIT_MIGRATIONS } from '@tributary/channel-kit';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { blobStoreConfigProblems } from '@tributary/platform-blob-store';
import { socialIngestConfigProblems, socialIngestConfigSchema } from './social-ingest.config';
import { SocialIngestModule } from './social-ingest.module';

/** Ingest apps write inbound messages and delivery reports, and read the replies they send; this one also reports media stored after its webhook. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery, TOPICS.attachments] as const;

@Module({})
class SocialIngestRootModule {}

export const socialIngestApp: AppDefinition<typeof socialIngestConfigSchema> = {
  name: 'social-ingest',
  summary: "Social channels: WhatsApp Cloud API webhooks in (Meta's signature checked over the raw bytes), replies out through the Graph API.",
  configSchema: socialIngestConfigSchema,
  configProblems: (config) => [...socialIngestConfigProblems(config), ...blobStoreConfigProblems(config)],
  module: (config): DynamicModule => ({
    module: SocialIngestRootModule,
    imports: [
      ...standardImports({ app: 'social-ingest', config, topics: TOPICS_USED, database: { ...config, migrations: CHANNEL_KIT_MIGRATIONS } }),
      SocialIngestModule.forRoot(config),
    ],
  }),
};
