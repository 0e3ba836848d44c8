import { pssBytes, rssBytes } from './process-memory.util';

/** Something whose memory is watched: one process (RSS), or a server of several (PSS, summed). */
export interface WatchedProcess {
  readonly label: string;
  readonly pids: readonly number[];
  readonly measure: 'rss' | 'pss';
}

interface Sample {
  readonly at: number;
  readonly pids: string;
  readonly bytes: number;
}

export type MemoryMoment = 'before' | 'end of load' | 'after';

/** One watched thing's memory: at each moment, its peak, and whether its process was replaced on the way. */
export interface MemoryRow {
  readonly label: string;
  readonly measure: 'rss' | 'pss';
  readonly at: Readonly<Partial<Record<MemoryMoment, number>>>;
  readonly peak: number;
  readonly peakAt: number;
  readonly replaced: boolean;
}

/**
 * Samples the memory of the run's processes every `intervalMs` (from /proc), and at named moments.
 * What to watch is asked anew each time, so a replica or broker started again is followed by its
 * new process.
 */
export class MemorySampler {
  private readonly samples = new Map<string, Sample[]>();
  private readonly moments = new Map<string, Partial<Record<MemoryMoment, Sample>>>();
  private readonly measures = new Map<string, 'rss' | 'pss'>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly watched: () => readonly WatchedProcess[],
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Samples now and remembers it as the given moment. */
  mark(moment: MemoryMoment): void {
    for (const [label, sample] of this.sample()) this.moments.set(label, { ...this.moments.get(label), [moment]: sample });
  }

  rows(): MemoryRow[] {
    return [...this.samples].map(([label, samples]) => {
      const peak = samples.reduce((best, sample) => (sample.bytes > best.bytes ? sample : best));
      const marked = this.moments.get(label) ?? {};
      const at: Partial<Record<MemoryMoment, number>> = {};
      for (const [moment, sample] of Object.entries(marked) as [MemoryMoment, Sample][]) at[moment] = sample.bytes;
      return { label, measure: this.measures.get(label) ?? 'rss', at, peak: peak.bytes, peakAt: peak.at, replaced: new Set(samples.map((sample) => sample.pids)).size > 1 };
    });
  }

  private sample(): Map<string, Sample> {
    const now = Date.now();
    const taken = new Map<string, Sample>();
    for (const { label, pids, measure } of this.watched()) {
      let bytes = 0;
      for (const pid of pids) bytes += (measure === 'rss' ? rssBytes(pid) : pssBytes(pid)) ?? 0;
      if (bytes === 0) continue;
      const sample = { at: now, pids: [...pids].slice(0, 1).join(','), bytes };
      const series = this.samples.get(label);
      if (series) series.push(sample);
      else this.samples.set(label, [sample]);
      this.measures.set(label, measure);
      taken.set(label, sample);
    }
    return taken;
  }
}
