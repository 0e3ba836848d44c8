import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EmailIntake, InboundSmtpServer } from '@tributary/channel-email';
import { JsonLogger } from '@tributary/platform-observability';
import type { EmailIngestConfig } from './email-ingest.config';
import { EMAIL_INGEST_CONFIG } from './email-ingest.tokens';

/** The inbound SMTP server, when a port is configured; accepts mail for every configured inbox. */
@Injectable()
export class InboundSmtpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: InboundSmtpServer | undefined;
  private boundPort: number | undefined;

  constructor(
    @Inject(EMAIL_INGEST_CONFIG) private readonly config: EmailIngestConfig,
    private readonly intake: EmailIntake,
    private readonly logger: JsonLogger,
  ) {}

  /** The port it listens on (useful when configured as 0). */
  get port(): number | undefined {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.EMAIL_INBOUND_SMTP_PORT === undefined) return;
    const recipients = new Map(
      this.config.EMAIL_MAILBOXES.map((entry) => [
        entry.address,
        { tenantId: entry.tenantId, inbox: { address: entry.address, ...(entry.displayName ? { displayName: entry.displayName } : {}) } },
      ]),
    );
    this.server = new InboundSmtpServer(this.intake, {
      host: this.config.EMAIL_INBOUND_SMTP_HOST,
      port: this.config.EMAIL_INBOUND_SMTP_PORT,
      maxMessageBytes: this.config.EMAIL_MAX_MESSAGE_BYTES,
      handoffTimeoutMs: this.config.EMAIL_HANDOFF_TIMEOUT_MS,
      recipients,
      maxClients: this.config.EMAIL_INBOUND_SMTP_MAX_CLIENTS,
      maxBytesInFlight: this.config.EMAIL_INBOUND_SMTP_MAX_BYTES_IN_FLIGHT ?? this.config.EMAIL_MAX_MESSAGE_BYTES,
      spoolAboveBytes: this.config.EMAIL_INBOUND_SMTP_SPOOL_ABOVE_BYTES,
      ...(this.config.EMAIL_INBOUND_SMTP_SPOOL_DIR ? { spoolDirectory: this.config.EMAIL_INBOUND_SMTP_SPOOL_DIR } : {}),
    });
    this.boundPort = await this.server.listen();
    this.logger.event('info', 'InboundSmtp', 'inbound SMTP listening', { port: this.boundPort, recipients: recipients.size });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
