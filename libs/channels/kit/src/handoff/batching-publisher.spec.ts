import { BatchingPublisher } from './batching-publisher';
import type { HandoffPublisherPort, HandoffRecord } from './handoff-record';

/** A broker whose acknowledgements the test releases, to see what each send carried. */
class GatedBroker implements HandoffPublisherPort {
  readonly sends: number[][] = [];
  private release: (() => void)[] = [];
  validate(): void {}
  publish(records: readonly HandoffRecord[]): Promise<void> {
    this.sends.push(records.map((record) => (record.value as { n: number }).n));
    return new Promise((resolve) => this.release.push(resolve));
  }
  ack(): void {
    this.release.shift()?.();
  }
}

const record = (n: number): HandoffRecord => ({ kind: 'inbound', key: 'k', value: { n } });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BatchingPublisher', () => {
  it('sends what queued during a send as the next single send, in arrival order', async () => {
    const broker = new GatedBroker();
    const publisher = new BatchingPublisher(broker);
    const done: number[] = [];
    [1, 2, 3, 4].forEach((n) => void publisher.publish([record(n)]).then(() => done.push(n)));
    await tick();
    expect(broker.sends).toEqual([[1]]);
    broker.ack();
    await tick();
    expect(done).toEqual([1]);
    expect(broker.sends).toEqual([[1], [2, 3, 4]]);
    broker.ack();
    await tick();
    expect(done).toEqual([1, 2, 3, 4]);
  });

  it('keeps batches within the limit', async () => {
    const broker = new GatedBroker();
    const publisher = new BatchingPublisher(broker, 2);
    [1, 2, 3, 4, 5].forEach((n) => void publisher.publish([record(n)]));
    for (let i = 0; i < 3; i += 1) {
      await tick();
      broker.ack();
    }
    await tick();
    expect(broker.sends).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('withdraws a record whose caller gave up before it was sent, but not one already sent', async () => {
    const broker = new GatedBroker();
    const publisher = new BatchingPublisher(broker);
    const first = new AbortController();
    const second = new AbortController();
    const outcomes: string[] = [];
    void publisher.publish([record(1)], first.signal).then(() => outcomes.push('1 sent'), () => outcomes.push('1 withdrawn'));
    void publisher.publish([record(2)], second.signal).then(() => outcomes.push('2 sent'), () => outcomes.push('2 withdrawn'));
    void publisher.publish([record(3)]);
    await tick();
    first.abort();
    second.abort();
    broker.ack();
    await tick();
    broker.ack();
    await tick();
    expect(broker.sends).toEqual([[1], [3]]);
    expect(outcomes.sort()).toEqual(['1 sent', '2 withdrawn']);
  });
});
