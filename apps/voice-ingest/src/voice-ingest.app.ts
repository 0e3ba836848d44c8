import { DynamicModule, Module } from '@nestjs/common';
import { VOICE_INGEST_MIGRATIONS } from '@tributary/channel-voice';
import { TOPICS } from '@tributary/contracts';
import type { AppDefinition } from '@tributary/platform-app';
import { blobStoreConfigProblems } from '@tributary/platform-blob-store';
import { DatabaseModule } from '@tributary/platform-database';
import { KafkaModule, kafkaOptionsFromConfig } from '@tributary/platform-kafka';
import { HealthModule } from '@tributary/platform-observability';
import { HandoffLifecycle } from './handoff-lifecycle.service';
import { voiceIngestConfigSchema } from './voice-ingest.config';
import { VoiceIngestModule } from './voice-ingest.module';

/** Ingest apps write inbound messages and delivery reports, and read the replies they send; this one also reports MMS media it stored (or gave up) after its webhook. */
const TOPICS_USED = [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery, TOPICS.attachments] as const;

@Module({})
class VoiceIngestRootModule {}

export const voiceIngestApp: AppDefinition<typeof voiceIngestConfigSchema> = {
  name: 'voice-ingest',
  summary: "Phone channel: Twilio voice and SMS webhooks in (verified, spooled locally while Kafka is away), SMS replies out through the Twilio API.",
  configSchema: voiceIngestConfigSchema,
  configProblems: blobStoreConfigProblems,
  module: (config): DynamicModule => {
    const voice = VoiceIngestModule.forRoot(config);
    return {
      module: VoiceIngestRootModule,
      // Readiness follows the spool alone: while it has room, SMS and call webhooks are safe to take,
      // with or without Kafka or PostgreSQL, so neither outage may take the service out of the load
      // balancer. What needs the database (replies, pending voicemails) waits or fails per request.
      imports: [
        KafkaModule.forRoot(kafkaOptionsFromConfig('voice-ingest', config, TOPICS_USED)),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, applicationName: 'tributary-voice-ingest', migrations: VOICE_INGEST_MIGRATIONS }),
        voice,
        { ...HealthModule.forRoot({ indicators: [HandoffLifecycle] }), imports: [voice] },
      ],
    };
  },
};
