import type { TopicName } from '@tributary/contracts';
import type { KafkaMessage, Message } from 'kafkajs';
import { chunkByBytes } from '../byte-bounded-chunks.util';
import type { ContractPublisher } from '../contract-publisher';
import { recordRefusal } from '../record-refusal.util';
import { estimateRecordBytes } from '../record-size.util';
import { formatDeadLetterId, type DeadLetterId } from './dead-letter-id.util';
import type { DeadLetterFilter } from './dead-letter-filter.util';
import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';
import type { DeadLetterRecord } from './dead-letter-record';
import type { DeadLetterReader } from './dead-letter.reader';
import { deadLetterAddress, originalPosition, redriveTarget, toRedriveMessage, type Redrive } from './dead-letter-redrive.util';

/** One dead letter sent back. */
export interface RedriveOutcome {
  /** `<partition>:<offset>` on the dead-letter topic. */
  readonly id: string;
  /** The topic it went back to. */
  readonly topic: TopicName;
  /** The `tributary-redriven-from` header it carries. */
  readonly from: string;
  readonly at: string;
  readonly by: string;
  /** Where the bytes came from: the dead letter itself, or (for a reduced copy) the original at its source offset. */
  readonly bytesFrom: 'dead-letter' | 'source-offset';
}

/** Most a produce request of re-driven records carries, as the dead-letter writer does: a record near a topic's limit travels alone. */
const REQUEST_BUDGET_BYTES = 512 * 1024;

/**
 * Sends dead letters back to the topic they were consumed from, byte for byte, with headers saying
 * so, through an idempotent acks=all producer (give it one of its own: the router's ticket stream
 * must not share a producer whose records a broker may refuse). Consumers that dedupe (the router,
 * by each message's dedupe key) make a second re-drive of one dead letter harmless.
 */
export class DeadLetterRedriver {
  constructor(
    private readonly reader: Pick<DeadLetterReader, 'get' | 'scan' | 'readAt'>,
    private readonly publisher: Pick<ContractPublisher, 'sendRawToTopics'>,
  ) {}

  /** Re-drives the dead letters at these ids, in the order given; nothing is sent if any is missing or refused. */
  async redriveIds(ids: readonly DeadLetterId[], by: string, at: Date = new Date()): Promise<RedriveOutcome[]> {
    return this.redrive(await this.reader.get(ids), { at, by });
  }

  /**
   * Re-drives every dead letter matching `filter`, batch by batch as they are read; one that may not
   * go back (no source topic, an original past retention) is skipped and reported, not fatal.
   */
  async redriveMatching(filter: DeadLetterFilter, by: string, at: Date = new Date()): Promise<{ redriven: RedriveOutcome[]; skipped: { id: string; reason: string }[] }> {
    const redriven: RedriveOutcome[] = [];
    const skipped: { id: string; reason: string }[] = [];
    await this.reader.scan(filter, async (records) => {
      const sendable: DeadLetterRecord[] = [];
      for (const record of records) {
        try {
          redriveTarget(record);
          sendable.push(record);
        } catch (error) {
          if (!(error instanceof DeadLetterOperationError)) throw error;
          skipped.push({ id: formatDeadLetterId(record.id), reason: error.message });
        }
      }
      const originals = await this.originalsOf(sendable);
      const ready: DeadLetterRecord[] = [];
      for (const record of sendable) {
        if (!record.reduced || originals.has(deadLetterAddress(record))) ready.push(record);
        else skipped.push({ id: formatDeadLetterId(record.id), reason: `a ${record.reduced.copy} copy whose original is no longer retained at its source offset` });
      }
      redriven.push(...(await this.send(ready, { at, by }, originals)));
    });
    return { redriven, skipped };
  }

  /** Re-drives these dead letters in order; refuses all of them (NotRedrivable) if any may not go back. */
  async redrive(records: readonly DeadLetterRecord[], redrive: Redrive): Promise<RedriveOutcome[]> {
    for (const record of records) redriveTarget(record);
    return this.send(records, redrive, await this.originalsOf(records));
  }

  private async send(records: readonly DeadLetterRecord[], redrive: Redrive, originals: ReadonlyMap<string, KafkaMessage>): Promise<RedriveOutcome[]> {
    // Built up front, so a record that may not go back refuses the whole call before anything is sent.
    const items = records.map((record) => {
      const original = originals.get(deadLetterAddress(record));
      return { record, topic: redriveTarget(record), message: toRedriveMessage(record, redrive, original) };
    });
    for (const chunk of chunkByBytes(items, (item) => estimateRecordBytes(item.message), REQUEST_BUDGET_BYTES)) {
      const byTopic = new Map<TopicName, Message[]>();
      for (const { topic, message } of chunk) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      try {
        await this.publisher.sendRawToTopics([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      } catch (error) {
        const refusal = recordRefusal(error);
        if (refusal === undefined) throw error;
        const ids = chunk.map((item) => formatDeadLetterId(item.record.id)).join(', ');
        throw new DeadLetterOperationError(DeadLetterErrorCode.NotRedrivable, `the source topic refused ${ids} (${refusal})`);
      }
    }
    return items.map(({ record, topic }) => ({
      id: formatDeadLetterId(record.id),
      topic,
      from: deadLetterAddress(record),
      at: redrive.at.toISOString(),
      by: redrive.by,
      bytesFrom: record.reduced ? 'source-offset' : 'dead-letter',
    }));
  }

  /** The originals of reduced copies, read at their source offsets, by dead-letter address; those no longer retained are absent. */
  private async originalsOf(records: readonly DeadLetterRecord[]): Promise<Map<string, KafkaMessage>> {
    const originals = new Map<string, KafkaMessage>();
    const bySource = new Map<string, { record: DeadLetterRecord; position: { partition: number; offset: bigint } }[]>();
    for (const record of records) {
      const position = record.reduced ? originalPosition(record) : undefined;
      if (!position || record.source.topic === undefined) continue;
      bySource.set(record.source.topic, [...(bySource.get(record.source.topic) ?? []), { record, position }]);
    }
    for (const [topic, wanted] of bySource) {
      const found = await this.reader.readAt(topic, wanted.map((entry) => entry.position));
      for (const { record, position } of wanted) {
        const message = found.get(`${position.partition}:${position.offset}`);
        if (message) originals.set(deadLetterAddress(record), message);
      }
    }
    return originals;
  }
}
