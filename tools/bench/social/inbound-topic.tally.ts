import { TOPICS } from '@tributary/contracts';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { consumeFromNow } from '../bench-kafka.util';
import { BenchTimeoutError, pollUntil } from '../wait.util';

export interface InboundVerification {
  /** Webhooks answered 200. */
  readonly acknowledged: number;
  /** Of those, how many are on the topic exactly once / not at all / more than once. */
  readonly exactlyOnce: number;
  readonly missing: number;
  readonly duplicated: number;
  /** Records of this run's tenant on the topic, all of them. */
  readonly records: number;
  /** Webhooks that failed (no 200) whose message is on the topic anyway: Meta's retry would repeat them. */
  readonly publishedWithoutAck: number;
  /** Records of this tenant the run never sent: must be 0. */
  readonly unknown: number;
  /** Records on the topic that are not inbound messages at all (anyone's): reported, not judged. */
  readonly unreadable: number;
  readonly passed: boolean;
}

const RecordValue = z.object({ tenantId: z.string(), dedupeKey: z.string() });

/**
 * Counts this tenant's records on tributary.inbound.v1 by dedupe key, from a consumer that joined
 * at the topic's end before the first webhook was posted, so every record of the run is seen.
 */
export class InboundTopicTally {
  private readonly counts = new Map<string, number>();
  private consumer: Consumer | undefined;
  private unreadable = 0;

  constructor(private readonly tenantId: string) {}

  async start(kafka: Kafka): Promise<void> {
    this.consumer = await consumeFromNow(kafka, TOPICS.inbound, (messages) => this.count(messages));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /**
   * Waits until every acknowledged message has arrived (or the wait times out or stalls), then
   * `settleMs` more for late duplicates, and compares. A timeout is a verdict (missing), not an error.
   */
  async verify(acknowledged: ReadonlySet<string>, sent: ReadonlySet<string>, settleMs: number, log: (line: string) => void): Promise<InboundVerification> {
    try {
      await pollUntil({
        what: `${acknowledged.size} acknowledged messages on ${TOPICS.inbound}`,
        read: () => Promise.resolve([...acknowledged].filter((key) => this.counts.has(key)).length),
        target: acknowledged.size,
        timeoutMs: 120_000,
        stallMs: 30_000,
        intervalMs: 250,
        progressEveryMs: 5_000,
        onProgress: (found) => log(`verify: ${found}/${acknowledged.size} acknowledged messages on the topic`),
      });
    } catch (error) {
      if (!(error instanceof BenchTimeoutError)) throw error;
      log(`verify: ${error.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const onTopic = (key: string): number => this.counts.get(key) ?? 0;
    const acked = [...acknowledged];
    const missing = acked.filter((key) => onTopic(key) === 0).length;
    const duplicated = acked.filter((key) => onTopic(key) > 1).length;
    const unknown = [...this.counts.keys()].filter((key) => !sent.has(key)).length;
    const publishedWithoutAck = [...sent].filter((key) => !acknowledged.has(key) && onTopic(key) > 0).length;
    const records = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    const exactlyOnce = acked.length - missing - duplicated;
    return { acknowledged: acked.length, exactlyOnce, missing, duplicated, records, publishedWithoutAck, unknown, unreadable: this.unreadable, passed: missing === 0 && duplicated === 0 && unknown === 0 };
  }

  private count(messages: readonly KafkaMessage[]): void {
    for (const message of messages) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.value?.toString('utf8') ?? '');
      } catch {
        parsed = undefined;
      }
      const value = RecordValue.safeParse(parsed);
      if (!value.success) {
        this.unreadable += 1;
        continue;
      }
      if (value.data.tenantId !== this.tenantId) continue;
      this.counts.set(value.data.dedupeKey, (this.counts.get(value.data.dedupeKey) ?? 0) + 1);
    }
  }
}
