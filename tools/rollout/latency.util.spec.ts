import type { AnnouncedEvent } from '@tributary/fault-oracle';
import { announcementTimes, percentile, summarize, timeline, windowMs } from './latency.util';
import type { SentInput } from './load-generator';

const event = (n: number | undefined, publishedAt: number) => ({
  event: { eventId: `e${publishedAt}`, ticketId: 't', sequence: 1, type: 'ticket.message-added', text: n === undefined ? undefined : `input ${n}: customer 0, message ${n}`, digest: '' } as AnnouncedEvent,
  publishedAt,
});

const input = (n: number, scheduledAt: number, acknowledgedAt: number | undefined): SentInput => ({
  n,
  channel: 'sms',
  contact: 0,
  seq: n,
  dedupeKey: `k${n}`,
  text: `input ${n}: customer 0, message ${n}`,
  scheduledAt,
  firstSentAt: scheduledAt,
  answers: ['200'],
  acknowledgedAt,
});

describe('latency', () => {
  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(hundred, 0.5), percentile(hundred, 0.99), percentile([7], 0.99)]).toEqual([50, 99, 7]);
    expect(summarize([30, 10, 20])).toEqual({ count: 3, p50: 20, p99: 30, max: 30 });
    expect(summarize([])).toBeUndefined();
  });

  it("keeps each input's first announcement, whatever the order read, and ignores events without an input's text", () => {
    expect(announcementTimes([event(1, 500), event(0, 300), event(1, 400), event(undefined, 100)])).toEqual(
      new Map([
        [1, 400],
        [0, 300],
      ]),
    );
  });

  it('lays the load out in windows, rates per second and the latency of the inputs due in each', () => {
    expect(windowMs(45_000)).toBe(5_000);
    expect(windowMs(600_000)).toBe(60_000);
    const inputs = [input(0, 1_000, 1_100), input(1, 2_000, 2_200), input(2, 6_000, undefined)];
    const rows = timeline(inputs, new Map([[0, 1_500], [1, 7_000]]), 0, 10_000);
    expect(rows.map((row) => [row.fromMs, row.sentPerSecond, row.acknowledgedPerSecond, row.announcedPerSecond, row.latency?.p99])).toEqual([
      [0, 0.4, 0.4, 0.2, 5_000],
      [5_000, 0.2, 0, 0.2, undefined],
    ]);
  });
});
