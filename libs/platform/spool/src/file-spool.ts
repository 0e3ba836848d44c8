import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
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
const ACK_RECORD_BYTES = 32;

function ackRecord(seq: number): Buffer {
  return Buffer.from(`${seq}\n`.padEnd(ACK_RECORD_BYTES, ' '), 'utf8');
}

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
  /** The disk said no more (ENOSPC, EDQUOT): full until a drain frees what the log holds. */
  private outOfSpace = false;

  constructor(private readonly options: FileSpoolOptions) {}

  async open(): Promise<void> {
    await mkdir(this.options.directory, { recursive: true });
    this.ackedSeq = await this.readAck();
    await this.ensureAckFile();
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

  /** True once the disk refused a write, until the log is drained and emptied: readiness says so. */
  get diskFull(): boolean {
    return this.outOfSpace;
  }

  /** Resolves once the entry is on disk; rejects with SpoolFullError when it would not fit. */
  append(payload: T): Promise<SpoolEntry<T>> {
    const seq = this.nextSeq;
    const line = Buffer.from(`${JSON.stringify({ seq, payload })}\n`, 'utf8');
    if (this.outOfSpace || this.bytes + line.length > this.options.maxBytes) {
      return Promise.reject(new SpoolFullError(this.bytes, this.options.maxBytes, this.outOfSpace));
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
    this.outOfSpace = false;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const bytes = batch.reduce((sum, item) => sum + item.line.length, 0);
      try {
        if (!this.handle) throw new Error('spool is not open');
        await writeWhole(this.handle, Buffer.concat(batch.map((item) => item.line)));
        await this.handle.sync();
        this.usedBytes += bytes;
        for (const item of batch) this.entries.push({ seq: item.seq, payload: parsePayload<T>(item.line) });
        this.reservedBytes -= bytes;
        for (const item of batch) item.done();
      } catch (error) {
        this.reservedBytes -= bytes;
        // What a failed write left behind was never confirmed: cut it off, so the next append (or a
        // reopening) starts at the last whole entry instead of after a torn one.
        await this.handle?.truncate(this.usedBytes).catch(() => undefined);
        const full = isOutOfSpace(error);
        if (full) this.outOfSpace = true;
        const refusal = full ? new SpoolFullError(this.bytes, this.options.maxBytes, true) : error instanceof Error ? error : new Error(String(error));
        for (const item of batch) item.done(refusal);
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

  /**
   * The ack file is one fixed-width record overwritten in place: no new block is ever needed, so a
   * spool on a full disk can still acknowledge, drain and free it (write-then-rename would need room
   * for a second file and deadlock there). A 32-byte write inside one sector is written whole or not.
   */
  private async writeAck(seq: number): Promise<void> {
    const file = await open(join(this.options.directory, ACK_FILE), 'r+');
    try {
      await file.write(ackRecord(seq), 0, ACK_RECORD_BYTES, 0);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  /** Created at open, while there is room, so acknowledging never needs any. */
  private async ensureAckFile(): Promise<void> {
    const path = join(this.options.directory, ACK_FILE);
    const existing = await open(path, 'r+').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (existing) {
      const { size } = await existing.stat();
      // A record from before fixed-width records is widened once, so later writes overwrite all of it.
      if (size !== ACK_RECORD_BYTES) {
        await existing.write(ackRecord(this.ackedSeq), 0, ACK_RECORD_BYTES, 0);
        await existing.sync();
      }
      await existing.close();
      return;
    }
    const created = await open(path, 'wx');
    try {
      await created.write(ackRecord(this.ackedSeq), 0, ACK_RECORD_BYTES, 0);
      await created.sync();
    } finally {
      await created.close();
    }
    const directory = await open(this.options.directory, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}

/**
 * Writes every byte or throws: a disk that fills up mid-write answers with a short write first and
 * ENOSPC only on the next call, and a short write fsync'd and confirmed would be an entry lost.
 */
async function writeWhole(handle: FileHandle, buffer: Buffer): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, written, buffer.length - written);
    if (bytesWritten <= 0) throw Object.assign(new Error('the disk took no more bytes'), { code: 'ENOSPC' });
    written += bytesWritten;
  }
}

function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
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
