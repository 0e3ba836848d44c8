import { open } from 'node:fs/promises';
import type { HandoffPublisherPort, HandoffRecord } from '@tributary/channel-kit';
import { DeliveryStatusV1, InboundMessageV1, parseContract } from '@tributary/contracts';

/**
 * The hand-off's far side for tests across processes: each record validated as Kafka's publisher
 * validates it, then appended as one JSON line and fsync'd before the hand-off counts as done, so a
 * SIGKILL right after it cannot lose it. Several processes may append to one file (one write per line).
 */
export class FileHandoffPublisher implements HandoffPublisherPort {
  constructor(private readonly path: string) {}

  validate(record: HandoffRecord): void {
    if (record.kind === 'inbound') parseContract(InboundMessageV1, record.value);
    else parseContract(DeliveryStatusV1, record.value);
  }

  async publish(records: readonly HandoffRecord[]): Promise<void> {
    const file = await open(this.path, 'a');
    try {
      await file.write(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      await file.sync();
    } finally {
      await file.close();
    }
  }
}
