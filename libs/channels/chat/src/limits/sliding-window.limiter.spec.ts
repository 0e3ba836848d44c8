import { SlidingWindowLimiter } from './sliding-window.limiter';

describe('SlidingWindowLimiter', () => {
  it('allows the limit per window and says when the next event is allowed', () => {
    let now = 1_000;
    const limiter = new SlidingWindowLimiter(3, 60_000, () => now);
    expect([limiter.take('v'), limiter.take('v'), limiter.take('v')]).toEqual([0, 0, 0]);
    now += 10_000;
    expect(limiter.take('v')).toBe(50_000);
    expect(limiter.take('other')).toBe(0);
    now += 50_000;
    expect(limiter.take('v')).toBe(0);
  });

  it('does not let a burst at the edge of a window double the rate', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(2, 60_000, () => now);
    now = 59_000;
    expect([limiter.take('v'), limiter.take('v')]).toEqual([0, 0]);
    now = 61_000;
    expect(limiter.take('v')).toBeGreaterThan(0);
  });

  it('forgets idle keys on a sweep', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(1, 1_000, () => now);
    limiter.take('v');
    now = 2_000;
    limiter.sweep();
    expect(limiter.take('v')).toBe(0);
  });
});
