import { FileSpool } from '@tributary/platform-spool';
import { SpoolFullError } from '@tributary/platform-spool';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableHandoff } from './durable-handoff.service';
import type { HandoffPublisherPort, HandoffRecord } from './handoff-record';

/** A broker that can go away: while down, sends hang as kafkajs's idempotent producer's do. */
class SwitchableBroker implements HandoffPublisherPort {
  readonly delivered: HandoffRecord[] = [];
  private up = true;
  private waiting: (() => void)[] = [];

  validate(): void {}

  async publish(records: readonly HandoffRecord[]): Promise<void> {
    while (!this.up) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.delivered.push(...records);
  }

  stop(): void {
    this.up = false;
  }

  start(): void {
    this.up = true;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resolve) => resolve());
  }
}

const record = (key: string, n: number): HandoffRecord => ({ kind: 'inbound', key, value: { n } });
const values = (records: readonly HandoffRecord[], key: string): number[] =>
  records.filter((r) => r.key === key).map((r) => (r.value as { n: number }).n);

describe('DurableHandoff', () => {
  let directory: string;
  let spool: FileSpool<HandoffRecord>;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'handoff-'));
    spool = new FileSpool<HandoffRecord>({ directory, maxBytes: 100_000 });
    await spool.open();
  });

  afterEach(async () => {
    await spool.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('publishes directly while the broker answers', async () => {
    const broker = new SwitchableBroker();
    const handoff = new DurableHandoff(broker, spool, { timeoutMs: 200 });
    await expect(handoff.handOff(record('a', 1))).resolves.toBe('published');
    expect(broker.delivered).toHaveLength(1);
    expect(spool.length).toBe(0);
  });

  it('spools when a send hangs, queues later records behind it, and drains in order when the broker returns', async () => {
    const broker = new SwitchableBroker();
    const handoff = new DurableHandoff(broker, spool, { timeoutMs: 100, drainRetryMs: 20 });
    broker.stop();
    const outcomes = await Promise.all([1, 2, 3].flatMap((n) => [handoff.handOff(record('a', n)), handoff.handOff(record('b', n))]));
    expect(outcomes.every((outcome) => outcome === 'spooled')).toBe(true);
    expect(spool.length).toBe(6);

    broker.start();
    await waitUntil(() => spool.length === 0);
    // The two hung first sends may land as well: at worst a redelivery, never a reordering.
    expect(dedupe(values(broker.delivered, 'a'))).toEqual([1, 2, 3]);
    expect(dedupe(values(broker.delivered, 'b'))).toEqual([1, 2, 3]);
    await handoff.stop();
  });

  it('keeps queueing behind a non-empty spool even when the broker is back', async () => {
    const broker = new SwitchableBroker();
    const handoff = new DurableHandoff(broker, spool, { timeoutMs: 50, drainRetryMs: 20 });
    broker.stop();
    await handoff.handOff(record('a', 1));
    broker.start();
    await expect(handoff.handOff(record('a', 2))).resolves.toBe('spooled');
    await waitUntil(() => spool.length === 0);
    expect(dedupe(values(broker.delivered, 'a'))).toEqual([1, 2]);
    await handoff.stop();
  });

  it('refuses with SpoolFullError when the broker is away and the spool is full', async () => {
    const small = new FileSpool<HandoffRecord>({ directory: join(directory, 'small'), maxBytes: 120 });
    await small.open();
    const broker = new SwitchableBroker();
    broker.stop();
    const handoff = new DurableHandoff(broker, small, { timeoutMs: 20 });
    await handoff.handOff(record('a', 1));
    await expect(handoff.handOff(record('a', 2))).rejects.toBeInstanceOf(SpoolFullError);
    await handoff.stop();
    await small.close();
  });
});

function dedupe(list: number[]): number[] {
  return list.filter((value, index) => index === 0 || list[index - 1] !== value).filter((value, index, all) => all.indexOf(value) === index);
}

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
