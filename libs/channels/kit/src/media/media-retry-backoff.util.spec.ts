import { mediaRetryDelayMs } from './media-retry-backoff.util';

describe('mediaRetryDelayMs', () => {
  const backoff = { firstDelayMs: 30_000, maxDelayMs: 600_000 };

  it('waits the first delay after the first failure, then doubles up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempts) => mediaRetryDelayMs(attempts, backoff))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });

  it('stays finite however many attempts were made', () => {
    expect(mediaRetryDelayMs(10_000, backoff)).toBe(600_000);
  });
});
