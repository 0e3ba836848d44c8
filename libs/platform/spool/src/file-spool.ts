import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SpoolFullError } from './spool-full.error';
import type { SpoolEntry } from './spool-entry';

export interface FileSpoolOptions {
  readonly directory: string;
  readonly maxBytes: number;
}

interface PendingAppend {
  readonly line: Buffer;
  readonly seq: number;
  readonly done: (error?: Error) => void;
}

const LOG_FILE = 'spool.log';
const ACK_FILE = 'spool.ack';

/**
 * A durable, append-only FIFO on local disk. An append resolves only after its bytes are fsync'd,
 * so whatever a caller confirmed to a provider survives a crash. Appends arriving together share one
 * write and one fsync (group commit), which keeps a burst of webhooks cheap. Acknowledged entries are
 * remembered by sequence number in a separate file; the log is truncated once everything in it is
 * acknowledged. A torn last line (a crash mid-write, never confirmed) is dropped on open.
 */
export class FileSpool<T> {
  private handle: FileHandle | undefined;
  private entries: SpoolEntry<T>[] = [];
  private usedBytes = 0;
  private reservedBytes = 0;
  private nextSeq = 1;
  private ackedSeq = 0;
  private queue: PendingAppend[] = [];
  /** Every write, fsync and truncation runs on this one chain, so none can overtake another. */
  private io: Promise<void> = Promise.resolve();
  private flushScheduled = false;

  constructor(private readonly options: FileSpoolOptions) {}

  async open(): Promise<void> {
    await mkdir(this.options.directory, { recursive: true });
    this.ackedSeq = await this.readAck();
    const raw = await readFile(this.logPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const { entries, validBytes } = parseLog<T>(raw);
    this.handle = await open(this.logPath, 'a+');
    if (validBytes < raw.length) await this.handle.truncate(validBytes);
    this.usedBytes = validBytes;
    for (const entry of entries) {
      this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
      if (entry.seq > this.ackedSeq) this.entries.push(entry);
    }
    this.nextSeq = Math.max(this.nextSeq, this.ackedSeq + 1);
  }

  /** Entries not yet acknowledged, oldest first. */
  get length(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.usedBytes + this.reservedBytes;
  }

  /** Resolves once the entry is on disk; rejects with SpoolFullError when it would not fit. */
  append(payload: T): Promise<SpoolEntry<T>> {
    const seq = this.nextSeq;
    const line = Buffer.from(`${JSON.stringify({ seq, payload })}\n`, 'utf8');
    if (this.bytes + line.length > this.options.maxBytes) {
      return Promise.reject(new SpoolFullError(this.bytes, this.options.maxBytes));
    }
    this.nextSeq += 1;
    this.reservedBytes += line.length;
    return new Promise<SpoolEntry<T>>((resolve, reject) => {
      this.queue.push({
        line,
        seq,
        done: (error) => {
          if (error) reject(error);
          else resolve({ seq, payload });
        },
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.io = this.io.then(() => this.flush());
      }
    });
  }

  /** The oldest unacknowledged entries, without removing them. */
  peek(limit: number): readonly SpoolEntry<T>[] {
    return this.entries.slice(0, limit);
  }

  /** Marks every entry up to and including `seq` as handed on; durable before it resolves. */
  async ack(seq: number): Promise<void> {
    if (seq <= this.ackedSeq) return;
    await this.writeAck(seq);
    this.ackedSeq = seq;
    while (this.entries.length > 0 && (this.entries[0]?.seq ?? Infinity) <= seq) this.entries.shift();
    this.io = this.io.then(() => this.truncateIfDrained());
    await this.io;
  }

  async close(): Promise<void> {
    await this.io;
    await this.handle?.close();
    this.handle = undefined;
  }

  /** Only a log whose every entry is acknowledged is emptied: after a crash anywhere, nothing is lost. */
  private async truncateIfDrained(): Promise<void> {
    if (this.entries.length > 0 || this.queue.length > 0 || !this.handle || this.usedBytes === 0) return;
    await this.handle.truncate(0);
    this.usedBytes = 0;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const bytes = batch.reduce((sum, item) => sum + item.line.length, 0);
      try {
        if (!this.handle) throw new Error('spool is not open');
        await this.handle.write(Buffer.concat(batch.map((item) => item.line)));
        await this.handle.sync();
        this.usedBytes += bytes;
        for (const item of batch) this.entries.push({ seq: item.seq, payload: parsePayload<T>(item.line) });
        this.reservedBytes -= bytes;
        for (const item of batch) item.done();
      } catch (error) {
        this.reservedBytes -= bytes;
        for (const item of batch) item.done(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  private get logPath(): string {
    return join(this.options.directory, LOG_FILE);
  }

  private async readAck(): Promise<number> {
    try {
      const value = Number((await readFile(join(this.options.directory, ACK_FILE), 'utf8')).trim());
      return Number.isSafeInteger(value) && value >= 0 ? value : 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /** Write-then-rename, fsync'd: the ack file is always one whole number, old or new. */
  private async writeAck(seq: number): Promise<void> {
    const target = join(this.options.directory, ACK_FILE);
    const temporary = `${target}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(String(seq));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
    const directory = await open(this.options.directory, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}

function parsePayload<T>(line: Buffer): T {
  return (JSON.parse(line.toString('utf8')) as { payload: T }).payload;
}

function parseLog<T>(raw: Buffer): { entries: SpoolEntry<T>[]; validBytes: number } {
  const entries: SpoolEntry<T>[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const end = raw.indexOf(0x0a, offset);
    if (end < 0) break;
    try {
      const parsed = JSON.parse(raw.subarray(offset, end).toString('utf8')) as { seq: number; payload: T };
      if (!Number.isSafeInteger(parsed.seq)) break;
      entries.push({ seq: parsed.seq, payload: parsed.payload });
    } catch {
      break;
    }
    offset = end + 1;
  }
  return { entries, validBytes: offset };
}
