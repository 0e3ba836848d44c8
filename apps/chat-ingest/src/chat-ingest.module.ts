import { DynamicModule, Module } from '@nestjs/common';
import {
  AgentPresenceRepository,
  ChatConnectionHub,
  ChatDeliveryReports,
  ChatEntriesRepository,
  ChatEntryNotifications,
  ChatIntake,
  IntakeGate,
  ChatReplySender,
  ChatSocketMetrics,
  ChatSocketServer,
  ChatUploads,
  ChatUploadsRepository,
  resolveChatTenants,
  SlidingWindowLimiter,
  VisitorTokenVerifier,
} from '@tributary/channel-chat';
import { BatchingPublisher, DurableHandoff, KafkaHandoffPublisher, NoSpool } from '@tributary/channel-kit';
import { blobStoreFromConfig } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { Registry } from 'prom-client';
import { AgentPresenceController } from './agent-presence.controller';
import type { ChatIngestConfig } from './chat-ingest.config';
import { CHAT_HANDOFF, CHAT_INGEST_CONFIG, CHAT_TENANTS } from './chat-ingest.tokens';
import { ChatUploadController } from './chat-upload.controller';
import { ChatSocketLifecycle } from './chat-socket.lifecycle';
import { OutboundRepliesService } from './outbound-replies.service';
import { WidgetController } from './widget.controller';

/**
 * The chat channel: the widget's socket and script, visitors' messages handed off to Kafka, agents'
 * replies pushed back. No spool: the widget keeps a message until it is acknowledged and resends
 * it, so a hand-off Kafka does not take in time is refused with an `unavailable` error frame.
 */
@Module({})
export class ChatIngestModule {
  static forRoot(config: ChatIngestConfig): DynamicModule {
    const { tenants } = resolveChatTenants(config);
    return {
      module: ChatIngestModule,
      controllers: [WidgetController, ChatUploadController, AgentPresenceController],
      providers: [
        { provide: CHAT_INGEST_CONFIG, useValue: config },
        { provide: CHAT_TENANTS, useValue: tenants },
        { provide: ChatEntriesRepository, useFactory: (database: DatabaseRuntime) => new ChatEntriesRepository(database.dataSource), inject: [DatabaseRuntime] },
        { provide: ChatUploadsRepository, useFactory: (database: DatabaseRuntime) => new ChatUploadsRepository(database.dataSource), inject: [DatabaseRuntime] },
        { provide: AgentPresenceRepository, useFactory: (database: DatabaseRuntime) => new AgentPresenceRepository(database.dataSource), inject: [DatabaseRuntime] },
        {
          provide: ChatUploads,
          useFactory: (verifier: VisitorTokenVerifier, uploads: ChatUploadsRepository) =>
            new ChatUploads(verifier, blobStoreFromConfig(config), uploads, { maxBytes: config.CHAT_UPLOAD_MAX_BYTES, types: config.CHAT_UPLOAD_TYPES }),
          inject: [VisitorTokenVerifier, ChatUploadsRepository],
        },
        { provide: ChatConnectionHub, useValue: new ChatConnectionHub() },
        {
          provide: CHAT_HANDOFF,
          useFactory: (publisher: ContractPublisher) => new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), new NoSpool(), { timeoutMs: config.CHAT_HANDOFF_TIMEOUT_MS }),
          inject: [ContractPublisher],
        },
        {
          provide: VisitorTokenVerifier,
          useValue: new VisitorTokenVerifier({ anonymousSecrets: config.CHAT_ANONYMOUS_TOKEN_SECRETS ?? [], anonymousTtlSeconds: config.CHAT_ANONYMOUS_TOKEN_TTL_SECONDS }),
        },
        {
          provide: ChatIntake,
          useFactory: (entries: ChatEntriesRepository, handoff: DurableHandoff, hub: ChatConnectionHub, logger: JsonLogger) =>
            new ChatIntake(
              entries,
              handoff,
              hub,
              (error) => logger.event('warn', 'ChatIntake', 'a visitor message was not handed off; the widget resends it', { error }),
              // Two connections stay free for uploads, delivery reports and replies.
              new IntakeGate(Math.max(1, config.DATABASE_POOL_SIZE - 2), config.CHAT_INTAKE_MAX_QUEUED),
            ),
          inject: [ChatEntriesRepository, CHAT_HANDOFF, ChatConnectionHub, JsonLogger],
        },
        { provide: ChatDeliveryReports, useFactory: (entries: ChatEntriesRepository, handoff: DurableHandoff) => new ChatDeliveryReports(entries, handoff), inject: [ChatEntriesRepository, CHAT_HANDOFF] },
        { provide: ChatReplySender, useFactory: (entries: ChatEntriesRepository) => new ChatReplySender(entries), inject: [ChatEntriesRepository] },
        {
          provide: ChatEntryNotifications,
          useFactory: (hub: ChatConnectionHub, logger: JsonLogger) =>
            new ChatEntryNotifications(hub, {
              databaseUrl: config.DATABASE_URL,
              applicationName: 'chat-ingest-notifications',
              onError: (error) => logger.event('warn', 'ChatEntryNotifications', 'not listening for stored replies; retrying, then every socket catches up', { error }),
            }),
          inject: [ChatConnectionHub, JsonLogger],
        },
        {
          provide: ChatSocketServer,
          useFactory: (
            verifier: VisitorTokenVerifier,
            entries: ChatEntriesRepository,
            uploads: ChatUploadsRepository,
            intake: ChatIntake,
            reports: ChatDeliveryReports,
            hub: ChatConnectionHub,
            presence: AgentPresenceRepository,
            logger: JsonLogger,
          ) => {
            const messageLimiter = new SlidingWindowLimiter(config.CHAT_MESSAGES_PER_MINUTE, 60_000);
            return new ChatSocketServer(
              { verifier, entries, uploads, intake, reports, hub, messageLimiter, presence, sweep: () => messageLimiter.sweep(), onError: (context, error) => logger.event('warn', context, 'chat socket error', { error }) },
              {
                tenants,
                heartbeatMs: config.CHAT_HEARTBEAT_MS,
                helloTimeoutMs: config.CHAT_HELLO_TIMEOUT_MS,
                maxFrameBytes: config.CHAT_MAX_FRAME_BYTES,
                maxMessageLength: config.CHAT_MAX_MESSAGE_LENGTH,
                maxConnectionsPerIp: config.CHAT_MAX_CONNECTIONS_PER_IP,
                maxConnectionsPerTenant: config.CHAT_MAX_CONNECTIONS_PER_TENANT,
                trustProxy: config.CHAT_TRUST_PROXY,
              },
            );
          },
          inject: [VisitorTokenVerifier, ChatEntriesRepository, ChatUploadsRepository, ChatIntake, ChatDeliveryReports, ChatConnectionHub, AgentPresenceRepository, JsonLogger],
        },
        { provide: ChatSocketMetrics, useFactory: (registry: Registry, sockets: ChatSocketServer) => new ChatSocketMetrics(registry, sockets), inject: [Registry, ChatSocketServer] },
        ChatSocketLifecycle,
        OutboundRepliesService,
      ],
    };
  }
}
