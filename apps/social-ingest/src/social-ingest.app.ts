import { DynamicModule, Module } from '@nestjs/common';
import { SOCIAL_INGEST_MIGRATIONS } from '@tributary/channel-social';
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
  summary: "Social channels: WhatsApp through Meta's Cloud API (signed webhooks in, Graph API out) and through whatsapp-web.js sessions (one replica per number).",
  configSchema: socialIngestConfigSchema,
  configProblems: (config) => [...socialIngestConfigProblems(config), ...blobStoreConfigProblems(config)],
  module: (config): DynamicModule => ({
    module: SocialIngestRootModule,
    imports: [
      ...standardImports({ app: 'social-ingest', config, topics: TOPICS_USED, database: { ...config, migrations: SOCIAL_INGEST_MIGRATIONS } }),
      SocialIngestModule.forRoot(config),
    ],
  }),
};
