import { MemorySampler } from './memory-sampler';
import { childPids, pssBytes, rssBytes } from './process-memory.util';

describe('MemorySampler', () => {
  it("reads this process's memory at each moment, its peak, and notices a replaced process", () => {
    let pid = process.pid;
    const sampler = new MemorySampler(() => [{ label: 'me', pids: [pid], measure: 'rss' }], 60_000);
    sampler.mark('before');
    pid = process.ppid;
    sampler.mark('after');
    const [row] = sampler.rows();
    expect(row?.label).toBe('me');
    expect(row?.at.before).toBeGreaterThan(1024 * 1024);
    expect(row?.at['end of load']).toBeUndefined();
    expect(row?.peak).toBe(Math.max(row?.at.before ?? 0, row?.at.after ?? 0));
    expect(row?.replaced).toBe(true);
  });

  it('skips a process that is gone, and finds the children of a process', () => {
    const sampler = new MemorySampler(() => [{ label: 'gone', pids: [2 ** 22 + 1], measure: 'pss' }], 60_000);
    sampler.mark('before');
    expect(sampler.rows()).toEqual([]);
    expect(rssBytes(2 ** 22 + 1)).toBeUndefined();
    expect(pssBytes(process.pid)).toBeGreaterThan(0);
    expect(childPids(process.ppid)).toContain(process.pid);
  });
});
