import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AccountLeaseRepository } from '@tributary/channel-kit';
import { EmailIntake, ImapMailboxPoller, ImapMetrics, MailboxCheckpointRepository, type ImapMailboxConfig } from '@tributary/channel-email';
import { DatabaseRuntime } from '@tributary/platform-database';
import { KafkaRuntime } from '@tributary/platform-kafka';
import { JsonLogger, StopSignal } from '@tributary/platform-observability';
import { Registry } from 'prom-client';
import type { EmailIngestConfig } from './email-ingest.config';
import { EMAIL_INGEST_CONFIG } from './email-ingest.tokens';

/** One poller per configured IMAP mailbox, started once Postgres and Kafka are there. */
@Injectable()
export class ImapPollersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pollers: ImapMailboxPoller[] = [];
  private readonly metrics: ImapMetrics;
  private starting: Promise<void> | undefined;
  private readonly stopSignal = new StopSignal();

  constructor(
    @Inject(EMAIL_INGEST_CONFIG) private readonly config: EmailIngestConfig,
    private readonly intake: EmailIntake,
    private readonly database: DatabaseRuntime,
    private readonly kafka: KafkaRuntime,
    private readonly logger: JsonLogger,
    registry: Registry,
  ) {
    this.metrics = new ImapMetrics(registry);
  }

  onApplicationBootstrap(): void {
    this.starting = this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopSignal.stop();
    await this.starting;
    await Promise.all(this.pollers.map((poller) => poller.stop()));
  }

  private async start(): Promise<void> {
    // Shutdown must not wait for a database or broker that never came.
    await Promise.race([Promise.all([this.database.whenConnected(), this.kafka.whenStarted()]), this.stopSignal.sleep(2 ** 31 - 1)]);
    if (this.stopSignal.isStopped) return;
    const dataSource = this.database.dataSource;
    const deps = {
      intake: this.intake,
      checkpoints: new MailboxCheckpointRepository(dataSource),
      leases: new AccountLeaseRepository(dataSource, 'email'),
      metrics: this.metrics,
      logger: this.logger,
    };
    const timings = {
      sweepIntervalMs: this.config.EMAIL_SWEEP_INTERVAL_MS,
      watchdogMs: this.config.EMAIL_IMAP_WATCHDOG_MS,
      batchSize: this.config.EMAIL_IMAP_BATCH_SIZE,
      reconnectInitialMs: 500,
      reconnectMaxMs: 60_000,
      leaseRetryMs: Math.min(15_000, this.config.EMAIL_SWEEP_INTERVAL_MS),
    };
    for (const mailbox of this.imapMailboxes()) {
      const poller = new ImapMailboxPoller(mailbox, timings, deps);
      this.pollers.push(poller);
      poller.start();
    }
    this.logger.event('info', 'ImapPollers', 'polling mailboxes', { mailboxes: this.pollers.length });
  }

  private imapMailboxes(): ImapMailboxConfig[] {
    return this.config.EMAIL_MAILBOXES.flatMap((entry) =>
      entry.password === undefined
        ? []
        : [
            {
              key: entry.key,
              tenantId: entry.tenantId,
              inbox: { address: entry.address, ...(entry.displayName ? { displayName: entry.displayName } : {}) },
              host: entry.host ?? this.config.EMAIL_IMAP_HOST,
              port: entry.port ?? this.config.EMAIL_IMAP_PORT,
              secure: entry.secure ?? this.config.EMAIL_IMAP_SECURE,
              user: entry.user ?? entry.address,
              password: entry.password,
              folder: entry.folder,
              ...(entry.processedFolder ? { processedFolder: entry.processedFolder } : {}),
            },
          ],
    );
  }
}
