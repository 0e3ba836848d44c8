import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { z } from 'zod';

const configSchema = z.object({});

/** Ingest apps write inbound messages and delivery reports, and read the replies they send. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery] as const;

@Module({})
class EmailIngestModule {}

export const emailIngestApp: AppDefinition<typeof configSchema> = {
  name: 'email-ingest',
  summary: "Email channel: receives mail (IMAP, inbound SMTP), normalizes it to InboundMessage v1 and sends agents' replies over SMTP.",
  configSchema,
  module: (config): DynamicModule => ({
    module: EmailIngestModule,
    imports: standardImports({ app: 'email-ingest', config, topics: TOPICS_USED }),
  }),
};
