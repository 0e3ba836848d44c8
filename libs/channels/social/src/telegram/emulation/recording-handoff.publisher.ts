import type { HandoffPublisherPort, HandoffRecord } from '@tributary/channel-kit';
import { DeliveryStatusV1, InboundMessageV1, parseContract, type InboundMessageV1Message } from '@tributary/contracts';

/**
 * Kafka's side of the kit's real DurableHandoff for tests: each record checked against its contract,
 * as the Kafka publisher does, then kept. `failNext` makes hand-offs fail as a broker outage would.
 */
export class RecordingHandoffPublisher implements HandoffPublisherPort {
  readonly published: HandoffRecord[] = [];
  private failures = 0;

  validate(record: HandoffRecord): void {
    if (record.kind === 'inbound') parseContract(InboundMessageV1, record.value);
    else parseContract(DeliveryStatusV1, record.value);
  }

  publish(records: readonly HandoffRecord[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('Kafka did not acknowledge (planned failure)'));
    }
    this.published.push(...records);
    return Promise.resolve();
  }

  failNext(count = 1): void {
    this.failures += count;
  }

  inbound(): InboundMessageV1Message[] {
    return this.published.filter((record) => record.kind === 'inbound').map((record) => parseContract(InboundMessageV1, record.value));
  }
}
