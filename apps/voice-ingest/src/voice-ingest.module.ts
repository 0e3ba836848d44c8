import { DynamicModule, Module } from '@nestjs/common';
import {
  BatchingPublisher,
  createTwilioApiClient,
  DurableHandoff,
  FilePendingVoicemails,
  FileSentReplies,
  KafkaHandoffPublisher,
  PhoneDirectory,
  SmsIntake,
  SmsReplySender,
  TwilioCallRecordings,
  TwilioMediaFetcher,
  TwilioSmsApi,
  TwilioWebhookVerifier,
  VoiceCallIntake,
  type HandoffRecord,
  type TwilioClient,
} from '@tributary/channel-voice';
import { BLOB_STORE, blobStoreFromConfig, type BlobStore } from '@tributary/platform-blob-store';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { FileSpool } from '@tributary/platform-spool';
import { join, resolve } from 'node:path';
import { DeliveryReports } from './delivery-reports.service';
import { HandoffLifecycle } from './handoff-lifecycle.service';
import { OutboundSmsService } from './outbound-sms.service';
import { VoicemailFallbackLifecycle } from './voicemail-fallback-lifecycle.service';
import { TwilioWebhookController } from './twilio-webhook.controller';
import type { VoiceIngestConfig } from './voice-ingest.config';
import { HANDOFF_SPOOL, PENDING_VOICEMAILS, SENT_REPLIES, TWILIO_CLIENT, VOICE_INGEST_CONFIG } from './voice-ingest.tokens';

/** Wires the Twilio adapters: webhooks in through the durable hand-off, replies out through the API. */
@Module({})
export class VoiceIngestModule {
  static forRoot(config: VoiceIngestConfig): DynamicModule {
    const directory = new PhoneDirectory(config.TWILIO_NUMBERS);
    return {
      module: VoiceIngestModule,
      controllers: [TwilioWebhookController],
      providers: [
        { provide: VOICE_INGEST_CONFIG, useValue: config },
        { provide: BLOB_STORE, useFactory: () => blobStoreFromConfig(config) },
        { provide: TWILIO_CLIENT, useFactory: () => createTwilioApiClient(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, config.TWILIO_API_BASE_URL) },
        { provide: TwilioWebhookVerifier, useValue: new TwilioWebhookVerifier(config.TWILIO_AUTH_TOKEN, config.TWILIO_WEBHOOK_BASE_URL) },
        {
          provide: HANDOFF_SPOOL,
          useFactory: async () => {
            const spool = new FileSpool<HandoffRecord>({ directory: resolve(config.SPOOL_DIR), maxBytes: config.SPOOL_MAX_BYTES });
            await spool.open();
            return spool;
          },
        },
        {
          provide: DurableHandoff,
          useFactory: (publisher: ContractPublisher, spool: FileSpool<HandoffRecord>, logger: JsonLogger) =>
            new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), spool, {
              timeoutMs: config.HANDOFF_TIMEOUT_MS,
              onDrainError: (error) => logger.event('warn', 'DurableHandoff', 'spool drain failed; retrying', { error }),
            }),
          inject: [ContractPublisher, HANDOFF_SPOOL, JsonLogger],
        },
        {
          provide: TwilioMediaFetcher,
          useFactory: (blobs: BlobStore) =>
            new TwilioMediaFetcher(blobs, { accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, maxBytes: config.TWILIO_MAX_MEDIA_BYTES, timeoutMs: 8_000 }),
          inject: [BLOB_STORE],
        },
        { provide: SmsIntake, useFactory: (handoff: DurableHandoff, media: TwilioMediaFetcher) => new SmsIntake(directory, handoff, media), inject: [DurableHandoff, TwilioMediaFetcher] },
        {
          provide: PENDING_VOICEMAILS,
          useFactory: async (logger: JsonLogger) => {
            const pending = new FilePendingVoicemails(join(resolve(config.SPOOL_DIR), 'pending-voicemails.log'), {
              onCompactionFailed: (error) => logger.event('warn', 'PendingVoicemails', 'pending-voicemails log compaction failed; retrying after the next entry', { error }),
            });
            await pending.open();
            return pending;
          },
          inject: [JsonLogger],
        },
        {
          provide: VoiceCallIntake,
          useFactory: (handoff: DurableHandoff, media: TwilioMediaFetcher, client: TwilioClient, pending: FilePendingVoicemails) =>
            new VoiceCallIntake(directory, handoff, media, new TwilioCallRecordings(client), pending, {
              publicBaseUrl: config.TWILIO_WEBHOOK_BASE_URL,
              transcriptionWaitMs: config.VOICE_TRANSCRIPTION_WAIT_SECONDS * 1000,
            }),
          inject: [DurableHandoff, TwilioMediaFetcher, TWILIO_CLIENT, PENDING_VOICEMAILS],
        },
        {
          provide: SENT_REPLIES,
          useFactory: async () => {
            const sentReplies = new FileSentReplies(join(resolve(config.SPOOL_DIR), 'sent-replies.log'));
            await sentReplies.open();
            return sentReplies;
          },
        },
        {
          provide: SmsReplySender,
          useFactory: (client: TwilioClient, sentReplies: FileSentReplies) =>
            new SmsReplySender(new TwilioSmsApi(client), sentReplies, {
              statusCallbackUrl: `${config.TWILIO_WEBHOOK_BASE_URL}/twilio/messages/status`,
              fallbackFrom: (tenantId) => Object.entries(config.TWILIO_NUMBERS).find(([, line]) => line.tenantId === tenantId)?.[0],
              now: () => new Date(),
            }),
          inject: [TWILIO_CLIENT, SENT_REPLIES],
        },
        DeliveryReports,
        HandoffLifecycle,
        OutboundSmsService,
        VoicemailFallbackLifecycle,
      ],
      exports: [HandoffLifecycle, DurableHandoff],
    };
  }
}
