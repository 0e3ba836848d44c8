import type { HealthIndicator } from '@tributary/platform-observability';
import type { Admin, Kafka } from 'kafkajs';

export interface KafkaReadinessSource {
  /** Null when fine, else why this part is not ready (e.g. topics not provisioned yet). */
  readinessProblem(): string | null;
  /**
   * Null when fine, else why this process can no longer do its work until it is restarted (a
   * consumer that stopped for good). Never for a broker being away: that heals by itself.
   */
  livenessProblem?(): string | null;
}

/**
 * Ready when a broker answers a metadata request now, and every registered part (topic
 * provisioning, consumers) is fine. Uses its own admin client that never retries, so a dead
 * broker turns readiness red within one probe instead of after a retry ladder. Not live once a
 * registered part has failed for good, so the orchestrator restarts the process.
 */
export class KafkaHealthIndicator implements HealthIndicator {
  readonly name = 'kafka';
  private admin: Admin | undefined;
  private connected = false;
  private readonly sources: KafkaReadinessSource[] = [];

  constructor(private readonly kafkaWithoutRetries: Pick<Kafka, 'admin'>) {}

  register(source: KafkaReadinessSource): void {
    this.sources.push(source);
  }

  livenessProblem(): string | null {
    for (const source of this.sources) {
      const problem = source.livenessProblem?.() ?? null;
      if (problem) return problem;
    }
    return null;
  }

  async check(): Promise<void> {
    for (const source of this.sources) {
      const problem = source.readinessProblem();
      if (problem) throw new Error(problem);
    }
    this.admin ??= this.kafkaWithoutRetries.admin({ retry: { retries: 0 } });
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const cluster = await this.admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no brokers in cluster metadata');
    } catch (error) {
      // Reconnect from scratch next time: a half-open admin client can keep answering from stale state.
      this.connected = false;
      await this.admin.disconnect().catch(() => undefined);
      throw new Error(`broker unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.connected = false;
  }
}
