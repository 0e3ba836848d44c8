import { readFileSync } from 'node:fs';
import { stackStatus } from '@tributary/local-stack';

export interface ProcessMemory {
  readonly rssBytes: number;
  /** Peak RSS over the process's life (VmHWM). */
  readonly peakBytes: number;
}

/** Samples this process's RSS (which includes the in-process router) and remembers the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = process.memoryUsage().rss;

  start(intervalMs = 200): void {
    this.timer ??= setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  get peakBytes(): number {
    return this.peak;
  }

  /** The kernel's own peak for this process (getrusage), which no sampling interval can miss. */
  get kernelPeakBytes(): number {
    return process.resourceUsage().maxRSS * 1024;
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
}

/** RSS and peak RSS of a process from /proc/<pid>/status; undefined when it cannot be read. */
export function processMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssBytes: kilobytes('VmRSS') * 1024, peakBytes: kilobytes('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** The pid of a stack component as `stackStatus` reports it ("pid 1234, …"). */
export async function stackComponentPid(stackName: string, component: 'kafka' | 'postgres'): Promise<number | undefined> {
  const status = (await stackStatus(stackName)).find((entry) => entry.component === component);
  const pid = status?.running ? /\bpid (\d+)/.exec(status.detail)?.[1] : undefined;
  return pid === undefined ? undefined : Number(pid);
}
