import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SentRepliesPort } from './sent-replies.port';

/**
 * Sent replies as an fsync'd append-only file of `outboundId messageSid` lines, kept whole in memory.
 * On open the file is rewritten with only the newest `keep` entries, so it never grows without bound
 * (a redelivery comes minutes after the send, not after 100 000 more replies).
 */
export class FileSentReplies implements SentRepliesPort {
  private readonly sent = new Map<string, string>();
  private handle: FileHandle | undefined;

  constructor(
    private readonly path: string,
    private readonly keep = 100_000,
  ) {}

  async open(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const raw = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    for (const line of raw.split('\n')) {
      const [outboundId, sid] = line.split(' ');
      // A torn last line (crash mid-write) has no sid and is skipped.
      if (outboundId && sid) this.sent.set(outboundId, sid);
    }
    const kept = [...this.sent].slice(-this.keep);
    this.sent.clear();
    kept.forEach(([outboundId, sid]) => this.sent.set(outboundId, sid));
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, 'w');
    await file.writeFile(kept.map(([outboundId, sid]) => `${outboundId} ${sid}\n`).join(''));
    await file.sync();
    await file.close();
    await rename(temporary, this.path);
    this.handle = await open(this.path, 'a');
  }

  sentMessageSid(outboundId: string): string | undefined {
    return this.sent.get(outboundId);
  }

  async markSent(outboundId: string, messageSid: string): Promise<void> {
    if (!this.handle) throw new Error('sent-replies log is not open');
    this.sent.set(outboundId, messageSid);
    await this.handle.write(`${outboundId} ${messageSid}\n`);
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
