import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PendingVoicemailSchema, type PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

const LineSchema = z.union([z.object({ pending: PendingVoicemailSchema }), z.object({ settled: z.string().min(1) })]);
type Line = z.infer<typeof LineSchema>;

export interface FilePendingVoicemailsOptions {
  /** Calls remembered as settled in this run (see `settled`). */
  readonly rememberSettled?: number;
  /**
   * The file is rewritten at run time once it has more lines than this and more than
   * `COMPACT_RATIO` times the live entries: a tombstone costs a rewrite of the backlog, so not for each one.
   */
  readonly compactAboveLines?: number;
  /** A failed run-time compaction loses nothing (the old file stays whole) and is retried; this reports it. */
  readonly onCompactionFailed?: (error: unknown) => void;
}

/** Dead lines (settled entries and their tombstones) may outnumber live ones this many times before a rewrite. */
const COMPACT_RATIO = 4;

interface Claim {
  readonly ended: Promise<void>;
  readonly end: () => void;
}

/**
 * Pending voicemails as an fsync'd append-only file of JSON lines: `{"pending": …}` when a recording
 * completed, `{"settled": "<CallSid>"}` (a tombstone) once its voicemail was handed off. The file is
 * rewritten with only the live entries on open, and while running whenever dead lines outnumber live
 * ones more than `COMPACT_RATIO` times (and exceed `compactAboveLines`), so it stays within a small
 * multiple of the backlog instead of growing by two lines per voicemail until the next restart.
 */
export class FilePendingVoicemails implements PendingVoicemailsPort {
  /** Entries whose pending line is durable and whose tombstone is not; changed only on the I/O chain. */
  private readonly pending = new Map<string, PendingVoicemail>();
  /**
   * Calls settled in this run, so a recording status callback that arrives after its transcription
   * does not start a wait that ends in a redelivery. Memory only and capped: across a restart such a
   * late entry is at worst a redelivery the router drops.
   */
  private readonly settled = new Set<string>();
  private readonly claims = new Map<string, Claim>();
  private handle: FileHandle | undefined;
  /** Lines in the current file, live or dead: what run-time compaction compares with the backlog. */
  private lines = 0;
  /** Every append, fsync and compaction runs on this one chain, so lines never interleave or overtake. */
  private io: Promise<void> = Promise.resolve();
  private readonly rememberSettled: number;
  private readonly compactAboveLines: number;

  constructor(
    private readonly path: string,
    private readonly options: FilePendingVoicemailsOptions = {},
  ) {
    this.rememberSettled = options.rememberSettled ?? 10_000;
    this.compactAboveLines = options.compactAboveLines ?? 1_000;
  }

  async open(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const raw = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const settled = new Set<string>();
    for (const line of raw.split('\n')) {
      const entry = parseLine(line);
      if (!entry) continue;
      if ('pending' in entry) this.pending.set(entry.pending.callSid, entry.pending);
      else settled.add(entry.settled);
    }
    // A tombstone wins whatever its position: a call handed off once never becomes pending again.
    settled.forEach((callSid) => this.pending.delete(callSid));
    this.handle = await this.rewrite();
    await syncDirectory(dirname(this.path));
  }

  get size(): number {
    return this.pending.size;
  }

  async add(voicemail: PendingVoicemail): Promise<boolean> {
    if (this.pending.has(voicemail.callSid) || this.settled.has(voicemail.callSid)) return false;
    // The transcription may settle the call while this line is being written: then it never becomes
    // pending, and a tombstone follows so a restart does not bring it back.
    let added = false;
    await this.append({ pending: voicemail }, () => {
      added = !this.settled.has(voicemail.callSid);
      if (added) this.pending.set(voicemail.callSid, voicemail);
    });
    if (!added) await this.append({ settled: voicemail.callSid }, () => undefined);
    return added;
  }

  async settle(callSid: string): Promise<void> {
    this.remember(callSid);
    try {
      if (!this.pending.has(callSid)) return;
      await this.append({ settled: callSid }, () => this.pending.delete(callSid));
    } finally {
      this.release(callSid);
    }
  }

  claim(callSid: string): boolean {
    if (!this.pending.has(callSid) || this.claims.has(callSid)) return false;
    this.takeClaim(callSid);
    return true;
  }

  async claimWhenFree(callSid: string): Promise<boolean> {
    // A loop, not one wait: another waiter (a repeated transcription callback) may take it first.
    for (let held = this.claims.get(callSid); held; held = this.claims.get(callSid)) await held.ended;
    if (this.settled.has(callSid)) return false;
    this.takeClaim(callSid);
    return true;
  }

  release(callSid: string): void {
    const claim = this.claims.get(callSid);
    this.claims.delete(callSid);
    claim?.end();
  }

  due(now: Date): readonly PendingVoicemail[] {
    const at = now.getTime();
    return [...this.pending.values()].filter((voicemail) => !this.claims.has(voicemail.callSid) && Date.parse(voicemail.dueAt) <= at).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  async close(): Promise<void> {
    await this.io;
    await this.handle?.close();
    this.handle = undefined;
  }

  private takeClaim(callSid: string): void {
    let end = (): void => undefined;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.claims.set(callSid, { ended, end });
  }

  private remember(callSid: string): void {
    this.settled.add(callSid);
    if (this.settled.size <= this.rememberSettled) return;
    const oldest = this.settled.values().next();
    if (!oldest.done) this.settled.delete(oldest.value);
  }

  /**
   * `applied` runs on the chain right after the line is durable, so the in-memory entries always match
   * the file a compaction rewrites (a compaction queued between the fsync and the caller's next step
   * would otherwise drop an entry just added, or keep one just settled).
   */
  private append(entry: Line, applied: () => void): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const written = this.io.then(async () => {
      if (!this.handle) throw new Error('pending-voicemails log is not open');
      await this.handle.write(line);
      await this.handle.sync();
      this.lines += 1;
      applied();
    });
    this.io = written.catch(() => undefined).then(() => this.compactIfMostlyDead());
    return written;
  }

  private async compactIfMostlyDead(): Promise<void> {
    if (!this.handle || this.lines <= this.compactAboveLines || this.lines <= COMPACT_RATIO * this.pending.size) return;
    try {
      const previous = this.handle;
      this.handle = await this.rewrite();
      // The old inode is no longer at the path: nothing may be appended to it from here on.
      await previous.close().catch(() => undefined);
      await syncDirectory(dirname(this.path));
    } catch (error) {
      this.options.onCompactionFailed?.(error);
    }
  }

  /**
   * Write-then-rename, the file fsync'd (the caller then fsyncs the directory): after a crash the log
   * is the old file or the new one. Returns the new file opened for appending, the very inode that was
   * renamed, so no append can go to a file that is no longer at the path.
   */
  private async rewrite(): Promise<FileHandle> {
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, 'a');
    try {
      // A temporary file left by a crash mid-compaction holds nothing the log does not.
      await file.truncate(0);
      await file.write([...this.pending.values()].map((voicemail) => `${JSON.stringify({ pending: voicemail })}\n`).join(''));
      await file.sync();
      await rename(temporary, this.path);
    } catch (error) {
      await file.close();
      throw error;
    }
    this.lines = this.pending.size;
    return file;
  }
}

async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** A torn last line (a crash mid-write, never confirmed) or anything unreadable is skipped. */
function parseLine(line: string): Line | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = LineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
