import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DurableHandoff, type HandoffRecord } from '@tributary/channel-kit';
import type { HealthIndicator } from '@tributary/platform-observability';
import type { FileSpool } from '@tributary/platform-spool';
import { HANDOFF_SPOOL, VOICE_INGEST_CONFIG } from './voice-ingest.tokens';
import type { VoiceIngestConfig } from './voice-ingest.config';

/**
 * Drains what an earlier run left in the spool, and closes it last on shutdown. It is also the
 * readiness check: the service can take webhooks while its spool has room, with or without Kafka,
 * so a broker outage must not take it out of the load balancer (that would lose the calls the spool
 * exists to keep).
 */
@Injectable()
export class HandoffLifecycle implements OnApplicationBootstrap, OnApplicationShutdown, HealthIndicator {
  readonly name = 'spool';

  constructor(
    private readonly handoff: DurableHandoff,
    @Inject(HANDOFF_SPOOL) private readonly spool: FileSpool<HandoffRecord>,
    @Inject(VOICE_INGEST_CONFIG) private readonly config: VoiceIngestConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.handoff.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handoff.stop();
    await this.spool.close();
  }

  check(): Promise<void> {
    if (this.spool.diskFull) return Promise.reject(new Error(`spool disk full (${this.spool.bytes} bytes held)`));
    if (this.spool.bytes >= this.config.SPOOL_MAX_BYTES * 0.95) return Promise.reject(new Error(`spool nearly full (${this.spool.bytes} bytes)`));
    return Promise.resolve();
  }
}
