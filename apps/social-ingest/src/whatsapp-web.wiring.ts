import { AccountLeaseRepository, BatchingPublisher, DurableHandoff, KafkaHandoffPublisher, type HandoffRecord } from '@tributary/channel-kit';
import { whatsappWebClientFactory, WhatsappWebPendingRepliesRepository, WhatsappWebReplySender, WhatsappWebSentMessagesRepository, WhatsappWebSessionsService } from '@tributary/channel-social';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { FileSpool } from '@tributary/platform-spool';
import { join, resolve } from 'node:path';
import { NOT_CONFIGURED, type ProviderWiring } from './provider-wiring';
import type { SocialIngestConfig } from './social-ingest.config';
import { WHATSAPP_WEB_HANDOFF, WHATSAPP_WEB_SENDER, WHATSAPP_WEB_SPOOL } from './social-ingest.tokens';
import { WhatsappWebSessionsController } from './whatsapp-web-sessions.controller';
import { WhatsappWebSessionsLifecycle } from './whatsapp-web-sessions.lifecycle';

/**
 * whatsapp-web.js sessions: one per linked number, driven by whichever replica holds its lease, writing
 * through a hand-off backed by a spool on the sessions' persistent volume (WhatsApp Web does not send a
 * message again, so a Kafka outage must not lose one). Off until WHATSAPP_WEB_NUMBERS names a number.
 */
export function whatsappWebWiring(config: SocialIngestConfig): ProviderWiring {
  const numbers = config.WHATSAPP_WEB_NUMBERS;
  if (numbers === undefined) return NOT_CONFIGURED;
  const authDir = resolve(config.WHATSAPP_WEB_AUTH_DIR ?? '.local/whatsapp-web');
  return {
    controllers: [WhatsappWebSessionsController],
    mediaPolicies: [],
    providers: [
      {
        provide: WHATSAPP_WEB_SPOOL,
        useFactory: async () => {
          const spool = new FileSpool<HandoffRecord>({ directory: join(authDir, 'spool'), maxBytes: config.WHATSAPP_WEB_SPOOL_MAX_BYTES });
          await spool.open();
          return spool;
        },
      },
      {
        provide: WHATSAPP_WEB_HANDOFF,
        useFactory: (publisher: ContractPublisher, spool: FileSpool<HandoffRecord>, logger: JsonLogger) =>
          new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), spool, {
            timeoutMs: config.SOCIAL_HANDOFF_TIMEOUT_MS,
            onDrainError: (error) => logger.event('warn', 'WhatsappWebHandoff', 'spool drain failed; retrying', { error }),
          }),
        inject: [ContractPublisher, WHATSAPP_WEB_SPOOL, JsonLogger],
      },
      {
        provide: WhatsappWebSessionsService,
        useFactory: (database: DatabaseRuntime, handoff: DurableHandoff, logger: JsonLogger) =>
          new WhatsappWebSessionsService(
            numbers,
            {
              leaseRetryMs: config.WHATSAPP_WEB_LEASE_RETRY_MS,
              leaseCheckMs: config.WHATSAPP_WEB_LEASE_CHECK_MS,
              reconnectInitialMs: config.WHATSAPP_WEB_RECONNECT_INITIAL_MS,
              reconnectMaxMs: config.WHATSAPP_WEB_RECONNECT_MAX_MS,
              startTimeoutMs: config.WHATSAPP_WEB_START_TIMEOUT_MS,
              pendingPollMs: config.WHATSAPP_WEB_PENDING_POLL_MS,
            },
            {
              leases: new AccountLeaseRepository(database.dataSource, 'whatsapp-web'),
              createClient: whatsappWebClientFactory({ authDir, chromiumPath: config.WHATSAPP_WEB_CHROMIUM_PATH }),
              handoff,
              sentMessages: new WhatsappWebSentMessagesRepository(database.dataSource),
              // A reply consumed by a replica that does not hold the number waits here for the one that does.
              pendingReplies: new WhatsappWebPendingRepliesRepository(database.dataSource),
              logger,
            },
          ),
        inject: [DatabaseRuntime, WHATSAPP_WEB_HANDOFF, JsonLogger],
      },
      WhatsappWebSessionsLifecycle,
      { provide: WHATSAPP_WEB_SENDER, useFactory: (sessions: WhatsappWebSessionsService) => new WhatsappWebReplySender({ numbers, sessions }), inject: [WhatsappWebSessionsService] },
    ],
  };
}
