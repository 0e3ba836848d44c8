import { DeliveryStatusV1, InboundMessageV1, parseContract, TOPICS } from '@tributary/contracts';
import type { ContractPublisher } from '@tributary/platform-kafka';
import type { HandoffPublisherPort, HandoffRecord } from './handoff-record';

/** The hand-off's Kafka side: inbound messages and delivery reports through the shared publisher. */
export class KafkaHandoffPublisher implements HandoffPublisherPort {
  constructor(private readonly publisher: ContractPublisher) {}

  validate(record: HandoffRecord): void {
    if (record.kind === 'inbound') parseContract(InboundMessageV1, record.value);
    else parseContract(DeliveryStatusV1, record.value);
  }

  /** Consecutive records of one kind go in one send; the order of the whole list is kept. */
  async publish(records: readonly HandoffRecord[]): Promise<void> {
    let start = 0;
    while (start < records.length) {
      const kind = records[start]?.kind;
      let end = start;
      while (end < records.length && records[end]?.kind === kind) end += 1;
      const run = records.slice(start, end);
      if (kind === 'inbound') {
        const values = run.map((record) => {
          const value = parseContract(InboundMessageV1, record.value);
          return { key: record.key, value, traceId: value.traceId };
        });
        await this.publisher.publish(TOPICS.inbound, InboundMessageV1, values);
      } else {
        const values = run.map((record) => {
          const value = parseContract(DeliveryStatusV1, record.value);
          return { key: record.key, value, traceId: value.traceId };
        });
        await this.publisher.publish(TOPICS.delivery, DeliveryStatusV1, values);
      }
      start = end;
    }
  }
}
