import type { HealthIndicator } from '@tributary/platform-observability';
import type { Admin, Kafka } from 'kafkajs';

export interface KafkaReadinessSource {
  /** Null when fine, else why this part is not ready (e.g. topics not provisioned yet). */
  readinessProblem(): string | null;
}

/**
 * Ready when a broker answers a metadata request now, and every registered part (topic
 * provisioning, consumers) is fine. Uses its own admin client that never retries, so a dead
 * broker turns readiness red within one probe instead of after a retry ladder.
 */
export class KafkaHealthIndicator implements HealthIndicator {
  readonly name = 'kafka';
  private readonly admin: Admin;
  private connected = false;
  private readonly sources: KafkaReadinessSource[] = [];

  constructor(kafkaWithoutRetries: Kafka) {
    this.admin = kafkaWithoutRetries.admin({ retry: { retries: 0 } });
  }

  register(source: KafkaReadinessSource): void {
    this.sources.push(source);
  }

  async check(): Promise<void> {
    for (const source of this.sources) {
      const problem = source.readinessProblem();
      if (problem) throw new Error(problem);
    }
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
    await this.admin.disconnect();
    this.connected = false;
  }
}
