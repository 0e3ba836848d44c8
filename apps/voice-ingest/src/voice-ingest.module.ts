import { DynamicModule, Module } from '@nestjs/common';
import { BatchingPublisher, DurableHandoff, KafkaHandoffPublisher, type HandoffRecord } from '@tributary/channel-kit';
import { loggedMediaRetryWorker, MEDIA_RETRY_WORKER, MediaIntake, MediaRetryLifecycle, MediaRetryMetrics, PendingMediaRepository } from '@tributary/channel-kit';
import { Registry } from 'prom-client';
import {
  createTwilioApiClient,
  PgPendingVoicemails,
  PhoneDirectory,
  SmsIntake,
  SmsReplySender,
  TwilioCallRecordings,
  TwilioMediaFetcher,
  TwilioSmsApi,
  TwilioWebhookVerifier,
  VoiceCallIntake,
  type TwilioClient,
} from '@tributary/channel-voice';
import { BLOB_STORE, blobStoreFromConfig, type BlobStore } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { FileSpool } from '@tributary/platform-spool';
import { resolve } from 'node:path';
import { DeliveryReports } from './delivery-reports.service';
import { HandoffLifecycle } from './handoff-lifecycle.service';
import { OutboundSmsService } from './outbound-sms.service';
import { VoicemailFallbackLifecycle } from './voicemail-fallback-lifecycle.service';
import { TwilioWebhookController } from './twilio-webhook.controller';
import type { VoiceIngestConfig } from './voice-ingest.config';
import { HANDOFF_SPOOL, PENDING_VOICEMAILS, TWILIO_CLIENT, VOICE_INGEST_CONFIG } from './voice-ingest.tokens';

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
        { provide: TwilioWebhookVerifier, useValue: new TwilioWebhookVerifier(config.TWILIO_AUTH_TOKEN, config.TWILIO_WEBHOOK_BASE_URL, config.TWILIO_ACCOUNT_SID) },
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
          useFactory: (blobs: BlobStore, logger: JsonLogger) =>
            new TwilioMediaFetcher(blobs, {
              accountSid: config.TWILIO_ACCOUNT_SID,
              authToken: config.TWILIO_AUTH_TOKEN,
              apiBaseUrl: config.TWILIO_API_BASE_URL,
              maxBytes: config.TWILIO_MAX_MEDIA_BYTES,
              timeoutMs: config.TWILIO_MEDIA_TIMEOUT_MS,
              // Never silent: every failed download says why here; what becomes of the attachment is logged by its caller.
              onFailure: (error) =>
                logger.event('warn', 'TwilioMedia', 'media could not be copied into the blob store', { code: error.code, host: error.host, status: error.status, retryable: error.retryable }),
            }),
          inject: [BLOB_STORE, JsonLogger],
        },
        // MMS media that missed its webhook's deadline waits here, in the database every replica shares.
        { provide: PendingMediaRepository, useFactory: (database: DatabaseRuntime) => new PendingMediaRepository(database.dataSource), inject: [DatabaseRuntime] },
        { provide: MediaRetryMetrics, useFactory: (registry: Registry, queue: PendingMediaRepository) => new MediaRetryMetrics(registry, queue), inject: [Registry, PendingMediaRepository] },
        {
          provide: MediaIntake,
          useFactory: (media: TwilioMediaFetcher, queue: PendingMediaRepository, metrics: MediaRetryMetrics, logger: JsonLogger) =>
            new MediaIntake(media.downloader, queue, {
              deadlineMs: config.TWILIO_MMS_MEDIA_DEADLINE_MS,
              retryInMs: config.MEDIA_RETRY_BACKOFF_MS,
              onFetchFailed: (error, announced, retried) =>
                retried
                  ? logger.event('warn', 'MmsMedia', 'MMS media not stored in time; announced as pending and retried in the background', { attachmentId: announced.attachmentId, error })
                  : logger.event('error', 'MmsMedia', 'MMS media cannot be stored; announced as failed', { attachmentId: announced.attachmentId, error }),
              onQueueFailed: (error, media) => {
                metrics.count('unqueued', media.length);
                logger.event('error', 'MmsMedia', 'no media retry could be queued; the attachments are announced as failed', { attachmentIds: media.map((entry) => entry.attachmentId), error });
              },
            }),
          inject: [TwilioMediaFetcher, PendingMediaRepository, MediaRetryMetrics, JsonLogger],
        },
        { provide: SmsIntake, useFactory: (handoff: DurableHandoff, media: MediaIntake) => new SmsIntake(directory, handoff, media), inject: [DurableHandoff, MediaIntake] },
        {
          provide: MEDIA_RETRY_WORKER,
          useFactory: (queue: PendingMediaRepository, media: TwilioMediaFetcher, publisher: ContractPublisher, metrics: MediaRetryMetrics, logger: JsonLogger) =>
            loggedMediaRetryWorker({ queue, downloader: media.downloader, publisher, metrics, logger }, config),
          inject: [PendingMediaRepository, TwilioMediaFetcher, ContractPublisher, MediaRetryMetrics, JsonLogger],
        },
        MediaRetryLifecycle,
        // In the database every replica shares: the recording callback and the transcription of one call may reach different replicas.
        {
          provide: PENDING_VOICEMAILS,
          useFactory: (database: DatabaseRuntime) => new PgPendingVoicemails(database.dataSource, { ready: () => database.whenConnected() }),
          inject: [DatabaseRuntime],
        },
        {
          provide: VoiceCallIntake,
          useFactory: (handoff: DurableHandoff, media: TwilioMediaFetcher, client: TwilioClient, pending: PgPendingVoicemails) =>
            new VoiceCallIntake(directory, handoff, media, new TwilioCallRecordings(client), pending, {
              publicBaseUrl: config.TWILIO_WEBHOOK_BASE_URL,
              transcriptionWaitMs: config.VOICE_TRANSCRIPTION_WAIT_SECONDS * 1000,
            }),
          inject: [DurableHandoff, TwilioMediaFetcher, TWILIO_CLIENT, PENDING_VOICEMAILS],
        },
        {
          provide: SmsReplySender,
          useFactory: (client: TwilioClient) =>
            new SmsReplySender(new TwilioSmsApi(client), {
              statusCallbackUrl: `${config.TWILIO_WEBHOOK_BASE_URL}/twilio/messages/status`,
              fallbackFrom: (tenantId) => Object.entries(config.TWILIO_NUMBERS).find(([, line]) => line.tenantId === tenantId)?.[0],
              whatsappTemplateFor: (lineNumber) => (Object.hasOwn(config.TWILIO_NUMBERS, lineNumber) ? config.TWILIO_NUMBERS[lineNumber]?.whatsappTemplateContentSid : undefined),
              now: () => new Date(),
            }),
          inject: [TWILIO_CLIENT],
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
