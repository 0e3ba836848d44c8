import { readFileSync } from 'node:fs';

/** `p50 … p99 … max` of latencies in milliseconds, nearest-rank; `n/a` when there are none. */
export function latencyLine(latencies: readonly number[]): string {
  if (latencies.length === 0) return 'n/a (none measured)';
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
  return `p50 ${at(50).toFixed(0)}  p90 ${at(90).toFixed(0)}  p99 ${at(99).toFixed(0)}  max ${(sorted.at(-1) ?? Number.NaN).toFixed(0)}  (n=${sorted.length})`;
}

/** A process's memory from /proc: resident now (VmRSS) and its peak so far (VmHWM), in MiB. */
export function processMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
