import { percentile, summarizeLatencies } from './percentiles.util';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it('picks the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it('does not depend on the input order and leaves the input alone', () => {
    const shuffled = [7, 1, 9, 3, 5];
    expect(percentile(shuffled, 50)).toBe(5);
    expect(shuffled).toEqual([7, 1, 9, 3, 5]);
  });

  it('rounds the rank up for small lists', () => {
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
    expect(percentile([42], 95)).toBe(42);
  });

  it('is NaN for no values and refuses percentiles outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });
});

describe('summarizeLatencies', () => {
  it('reports p50, p95, p99, max and mean', () => {
    const values = Array.from({ length: 1000 }, (_, index) => 1000 - index);
    expect(summarizeLatencies(values)).toEqual({ count: 1000, p50: 500, p95: 950, p99: 990, max: 1000, mean: 500.5 });
  });

  it('agrees with percentile()', () => {
    const values = [3.2, 0.4, 12, 7.5, 7.5, 1, 99, 4];
    const summary = summarizeLatencies(values);
    expect(summary.p50).toBe(percentile(values, 50));
    expect(summary.p95).toBe(percentile(values, 95));
    expect(summary.p99).toBe(percentile(values, 99));
  });

  it('is NaN throughout for no values', () => {
    const summary = summarizeLatencies([]);
    expect(summary.count).toBe(0);
    expect(summary.p99).toBeNaN();
  });
});
