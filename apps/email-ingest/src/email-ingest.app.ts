import type { DynamicModule } from '@nestjs/common';
import { EMAIL_INGEST_MIGRATIONS } from '@tributary/channel-email';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { blobStoreConfigProblems } from '@tributary/platform-blob-store';
import { emailIngestConfigProblems, emailIngestConfigSchema } from './email-ingest.config';
import { EmailIngestModule } from './email-ingest.module';

/** Ingest apps write inbound messages and delivery reports, and read the replies they send. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery, TOPICS.inboundDeadLetter] as const;

export const emailIngestApp: AppDefinition<typeof emailIngestConfigSchema> = {
  name: 'email-ingest',
  summary: "Email channel: receives mail (IMAP, inbound SMTP), normalizes it to InboundMessage v1 and sends agents' replies over SMTP.",
  configSchema: emailIngestConfigSchema,
  configProblems: (config) => [...emailIngestConfigProblems(config), ...blobStoreConfigProblems(config)],
  module: (config): DynamicModule => {
    return {
      module: EmailIngestModule,
      imports: [
        ...standardImports({ app: 'email-ingest', config, topics: TOPICS_USED, database: { ...config, migrations: EMAIL_INGEST_MIGRATIONS } }),
        EmailIngestModule.forRoot(config),
      ],
    };
  },
};
