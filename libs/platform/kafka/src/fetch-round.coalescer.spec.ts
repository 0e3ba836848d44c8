import type { ConsumedRecord } from './consumed-record';
import { FetchRoundCoalescer } from './fetch-round.coalescer';

function record(partition: number, offset: number): ConsumedRecord<string> {
  return { value: `p${partition}@${offset}`, key: null, headers: {}, traceId: undefined, topic: 't', partition, offset: String(offset), timestamp: '0' };
}

describe('FetchRoundCoalescer', () => {
  it('hands the batches submitted in one turn of the event loop to one handler call', async () => {
    const calls: string[][] = [];
    const coalescer = new FetchRoundCoalescer<string>((records) => {
      calls.push(records.map((each) => each.value));
      return Promise.resolve();
    });
    await Promise.all([coalescer.submit([record(0, 1), record(0, 2)]), coalescer.submit([record(1, 7)])]);
    expect(calls).toEqual([['p0@1', 'p0@2', 'p1@7']]);
  });

  it('gives each batch back only the rejections of its own records', async () => {
    const coalescer = new FetchRoundCoalescer<string>((records) => Promise.resolve({ rejected: records.filter((each) => each.offset === '2' || each.offset === '7').map((each) => ({ record: each, reason: `bad ${each.value}` })) }));
    const [first, second] = await Promise.all([coalescer.submit([record(0, 1), record(0, 2)]), coalescer.submit([record(1, 7)])]);
    expect(first.rejected.map((each) => each.reason)).toEqual(['bad p0@2']);
    expect(second.rejected.map((each) => each.reason)).toEqual(['bad p1@7']);
  });

  it('fails every batch of a round whose handler threw, and starts the next round afresh', async () => {
    let fail = true;
    const coalescer = new FetchRoundCoalescer<string>(() => (fail ? Promise.reject(new Error('database gone')) : Promise.resolve()));
    const outcomes = await Promise.allSettled([coalescer.submit([record(0, 1)]), coalescer.submit([record(1, 1)])]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(coalescer.submit([record(0, 1)])).resolves.toEqual({ rejected: [] });
  });

  it('starts a batch submitted while a round is running in a round of its own', async () => {
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new FetchRoundCoalescer<string>(async (records) => {
      calls.push(records.map((each) => each.value));
      if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = coalescer.submit([record(0, 1)]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = coalescer.submit([record(1, 1)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['p0@1'], ['p1@1']]);
    release();
    await Promise.all([first, second]);
  });
});
