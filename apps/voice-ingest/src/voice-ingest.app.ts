import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { z } from 'zod';

const configSchema = z.object({});

/** Ingest apps write inbound messages and delivery reports, and read the replies they send. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery] as const;

@Module({})
class VoiceIngestModule {}

export const voiceIngestApp: AppDefinition<typeof configSchema> = {
  name: 'voice-ingest',
  summary: "Phone channel: Twilio voice and SMS webhooks in, SMS replies out.",
  configSchema,
  module: (config): DynamicModule => ({
    module: VoiceIngestModule,
    imports: standardImports({ app: 'voice-ingest', config, topics: TOPICS_USED }),
  }),
};
