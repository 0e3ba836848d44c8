/** An item the grouped work could never process, by its index in the caller's own list. */
export interface GroupRejection {
  readonly index: number;
  readonly reason: string;
}

interface Waiting<TItem> {
  readonly items: readonly TItem[];
  readonly resolve: (rejected: GroupRejection[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: lists handed in while one unit of work runs are done together by the next one.
 *
 * kafkajs hands each partition's batch to its own call. Giving each its own transaction pays a
 * transaction's fixed cost (prefetch, locks, the commit's WAL flush) once per partition, one after
 * another, and concurrent transactions wait on each other's locks. Grouped, the partitions that
 * arrive while a transaction runs share the next one, so the cost is paid once per round however
 * many partitions are busy, and this process never contends with itself.
 *
 * Each caller's items stay in its order and contiguous. When the work throws, every caller in the
 * group gets the error, so nothing of theirs is acknowledged.
 */
export class GroupCommit<TItem> {
  private readonly waiting: Waiting<TItem>[] = [];
  private running = false;

  constructor(
    private readonly work: (items: readonly TItem[]) => Promise<readonly GroupRejection[]>,
    /** A group stops growing at this many items (one caller's list is never split). */
    private readonly maxItems: number,
  ) {}

  submit(items: readonly TItem[]): Promise<GroupRejection[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Set and cleared synchronously with the emptiness check, so a list submitted at any moment
    // is either taken by this loop or starts the next one.
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.runGroup(this.takeGroup());
    } finally {
      this.running = false;
    }
  }

  private takeGroup(): Waiting<TItem>[] {
    const group: Waiting<TItem>[] = [];
    let size = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as Waiting<TItem>;
      if (group.length > 0 && size + next.items.length > this.maxItems) break;
      group.push(next);
      size += next.items.length;
      this.waiting.shift();
    }
    return group;
  }

  private async runGroup(group: readonly Waiting<TItem>[]): Promise<void> {
    let rejected: readonly GroupRejection[];
    try {
      rejected = await this.work(group.flatMap((waiting) => waiting.items));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    let start = 0;
    for (const waiting of group) {
      const end = start + waiting.items.length;
      waiting.resolve(rejected.filter(({ index }) => index >= start && index < end).map(({ index, reason }) => ({ index: index - start, reason })));
      start = end;
    }
  }
}
