import { TOPICS } from '@tributary/contracts';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { consumeFromNow } from '../bench-kafka.util';
import { BenchTimeoutError, pollUntil } from '../wait.util';
import { benchTagIn } from './bench-message.text';

export interface InboundVerification {
  /** Webhooks answered 200. */
  readonly acknowledged: number;
  /** Of those, how many are on the topic exactly once / not at all / more than once. */
  readonly exactlyOnce: number;
  readonly missing: number;
  readonly duplicated: number;
  /** Records of this tenant on the topic, all of them. */
  readonly records: number;
  /** Webhooks that failed (no 200) whose message is on the topic anyway: the provider's retry would repeat them. */
  readonly publishedWithoutAck: number;
  /** Records of this tenant the run never sent (a tag it never wrote, or none): must be 0. */
  readonly unknown: number;
  /** Records on the topic that are not inbound messages at all (anyone's): reported, not judged. */
  readonly unreadable: number;
  readonly passed: boolean;
}

const RecordValue = z.object({ tenantId: z.string(), text: z.string() });

/** Tags of one tenant's records on the topic → how often each was seen; `untagged` counts records without one. */
interface TenantCounts {
  readonly byTag: Map<string, number>;
  untagged: number;
}

/**
 * Counts the run's tenants' records on tributary.inbound.v1 by the bench tag in their text (see
 * bench-message.text), whichever provider they came from, from a consumer that joined at the topic's
 * end before the first webhook was posted, so every record of the run is seen.
 */
export class InboundTopicTally {
  private readonly tenants: ReadonlyMap<string, TenantCounts>;
  private consumer: Consumer | undefined;
  private unreadable = 0;

  constructor(tenantIds: readonly string[]) {
    this.tenants = new Map(tenantIds.map((tenantId) => [tenantId, { byTag: new Map(), untagged: 0 }]));
  }

  async start(kafka: Kafka): Promise<void> {
    this.consumer = await consumeFromNow(kafka, TOPICS.inbound, (messages) => this.count(messages));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /**
   * Waits until every tag `acknowledged` for `tenantId` has arrived (or the wait times out or
   * stalls), then `settleMs` more for late duplicates, and compares. A timeout is a verdict
   * (missing), not an error.
   */
  async verify(tenantId: string, acknowledged: ReadonlySet<string>, sent: ReadonlySet<string>, settleMs: number, log: (line: string) => void): Promise<InboundVerification> {
    const counts = this.tenants.get(tenantId);
    if (counts === undefined) throw new Error(`the tally does not count tenant ${tenantId}`);
    try {
      await pollUntil({
        what: `${acknowledged.size} acknowledged messages on ${TOPICS.inbound}`,
        read: () => Promise.resolve([...acknowledged].filter((tag) => counts.byTag.has(tag)).length),
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
    const onTopic = (tag: string): number => counts.byTag.get(tag) ?? 0;
    const acked = [...acknowledged];
    const missing = acked.filter((tag) => onTopic(tag) === 0).length;
    const duplicated = acked.filter((tag) => onTopic(tag) > 1).length;
    const unknown = [...counts.byTag.keys()].filter((tag) => !sent.has(tag)).length + counts.untagged;
    const publishedWithoutAck = [...sent].filter((tag) => !acknowledged.has(tag) && onTopic(tag) > 0).length;
    const records = [...counts.byTag.values()].reduce((sum, n) => sum + n, counts.untagged);
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
      const counts = this.tenants.get(value.data.tenantId);
      if (counts === undefined) continue;
      const tag = benchTagIn(value.data.text);
      if (tag === undefined) counts.untagged += 1;
      else counts.byTag.set(tag, (counts.byTag.get(tag) ?? 0) + 1);
    }
  }
}
