import { DurableHandoff } from './durable-handoff.service';
import type { HandoffPublisherPort, HandoffRecord } from './handoff-record';
import { HandoffUnavailableError } from './handoff-unavailable.error';
import { NoSpool } from './no-spool';

/** A broker whose sends hang while it is away, as kafkajs's idempotent producer's do. */
class HangingBroker implements HandoffPublisherPort {
  readonly delivered: HandoffRecord[] = [];
  away = false;

  validate(): void {}

  async publish(records: readonly HandoffRecord[]): Promise<void> {
    if (this.away) await new Promise(() => undefined);
    this.delivered.push(...records);
  }
}

const record: HandoffRecord = { kind: 'inbound', key: 'acme:email:jane@example.com', value: { n: 1 } };

describe('DurableHandoff without a spool (sources that keep the message until acknowledged)', () => {
  it('resolves once Kafka acknowledged', async () => {
    const broker = new HangingBroker();
    await expect(new DurableHandoff(broker, new NoSpool(), { timeoutMs: 1_000 }).handOff(record)).resolves.toBe('published');
    expect(broker.delivered).toEqual([record]);
  });

  it('refuses after the timeout while Kafka is away, so the source keeps the message and retries', async () => {
    const broker = new HangingBroker();
    broker.away = true;
    const handoff = new DurableHandoff(broker, new NoSpool(), { timeoutMs: 50 });
    await expect(handoff.handOff(record)).rejects.toBeInstanceOf(HandoffUnavailableError);
    expect(handoff.backlog).toBe(0);
  });
});
