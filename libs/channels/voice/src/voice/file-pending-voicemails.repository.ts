import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PendingVoicemailSchema, type PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

const LineSchema = z.union([z.object({ pending: PendingVoicemailSchema }), z.object({ settled: z.string().min(1) })]);

/**
 * Pending voicemails as an fsync'd append-only file of JSON lines: `{"pending": …}` when a recording
 * completed, `{"settled": "<CallSid>"}` (a tombstone) once its voicemail was handed off. On open the
 * file is rewritten with only the live entries, so it stays as small as the backlog.
 */
export class FilePendingVoicemails implements PendingVoicemailsPort {
  private readonly pending = new Map<string, PendingVoicemail>();
  /**
   * Calls settled in this run, so a recording status callback that arrives after its transcription
   * does not start a wait that ends in a redelivery. Memory only and capped: across a restart such a
   * late entry is at worst a redelivery the router drops.
   */
  private readonly settled = new Set<string>();
  private readonly held = new Set<string>();
  private handle: FileHandle | undefined;
  /** Every append and fsync runs on this one chain, so lines never interleave or overtake. */
  private io: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly rememberSettled = 10_000,
  ) {}

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
    await this.compact();
    this.handle = await open(this.path, 'a');
  }

  get size(): number {
    return this.pending.size;
  }

  async add(voicemail: PendingVoicemail): Promise<boolean> {
    if (this.pending.has(voicemail.callSid) || this.settled.has(voicemail.callSid)) return false;
    await this.append({ pending: voicemail });
    // The transcription may have been settled while this line was being written.
    if (this.settled.has(voicemail.callSid)) {
      await this.append({ settled: voicemail.callSid });
      return false;
    }
    this.pending.set(voicemail.callSid, voicemail);
    return true;
  }

  async settle(callSid: string): Promise<void> {
    this.remember(callSid);
    try {
      if (!this.pending.has(callSid)) return;
      await this.append({ settled: callSid });
      this.pending.delete(callSid);
    } finally {
      this.held.delete(callSid);
    }
  }

  hold(callSid: string): void {
    this.held.add(callSid);
  }

  release(callSid: string): void {
    this.held.delete(callSid);
  }

  due(now: Date): readonly PendingVoicemail[] {
    const at = now.getTime();
    return [...this.pending.values()].filter((voicemail) => !this.held.has(voicemail.callSid) && Date.parse(voicemail.dueAt) <= at).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  async close(): Promise<void> {
    await this.io;
    await this.handle?.close();
    this.handle = undefined;
  }

  private remember(callSid: string): void {
    this.settled.add(callSid);
    if (this.settled.size <= this.rememberSettled) return;
    const oldest = this.settled.values().next();
    if (!oldest.done) this.settled.delete(oldest.value);
  }

  private append(entry: z.infer<typeof LineSchema>): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const written = this.io.then(async () => {
      if (!this.handle) throw new Error('pending-voicemails log is not open');
      await this.handle.write(line);
      await this.handle.sync();
    });
    this.io = written.catch(() => undefined);
    return written;
  }

  /** Write-then-rename, fsync'd (file and directory): after a crash the file is the old one or the new one. */
  private async compact(): Promise<void> {
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile([...this.pending.values()].map((voicemail) => `${JSON.stringify({ pending: voicemail })}\n`).join(''));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.path);
    const directory = await open(dirname(this.path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}

/** A torn last line (a crash mid-write, never confirmed) or anything unreadable is skipped. */
function parseLine(line: string): z.infer<typeof LineSchema> | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = LineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
