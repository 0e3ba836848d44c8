import { randomUUID } from 'node:crypto';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export interface SmtpMessageSpoolOptions {
  /** Up to this many bytes a mail stays in memory; the first chunk past it moves it to a file. */
  readonly spoolAboveBytes: number;
  /** Where spool files are written (owner-only, removed by discard()). */
  readonly directory: string;
}

/**
 * Holds one mail's DATA while it arrives: small mails in memory, larger ones in a temporary file, so
 * a slow or large upload never keeps its chunks (and a second copy for concatenating them) in memory.
 * read() still returns the whole mail as one Buffer, because the normalizer parses a Buffer: the
 * spool bounds memory while mail arrives, not while it is parsed.
 */
export class SmtpMessageSpool {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private file: { readonly path: string; readonly handle: FileHandle } | undefined;
  private path: string | undefined;

  constructor(private readonly options: SmtpMessageSpoolOptions) {}

  get size(): number {
    return this.bytes;
  }

  get onDisk(): boolean {
    return this.path !== undefined;
  }

  async write(chunk: Buffer): Promise<void> {
    this.bytes += chunk.length;
    if (!this.file && this.bytes <= this.options.spoolAboveBytes) {
      this.chunks.push(chunk);
      return;
    }
    if (!this.file) {
      const path = join(this.options.directory, `tributary-smtp-${randomUUID()}.eml`);
      this.path = path;
      this.file = { path, handle: await open(path, 'wx', 0o600) };
      const held = this.chunks;
      this.chunks = [];
      for (const buffer of held) await this.file.handle.write(buffer);
    }
    await this.file.handle.write(chunk);
  }

  /** The whole mail, as one Buffer of exactly its size. */
  async read(): Promise<Buffer> {
    if (!this.file) return this.chunks.length === 1 && this.chunks[0] ? this.chunks[0] : Buffer.concat(this.chunks, this.bytes);
    await this.file.handle.close();
    const raw = await readFile(this.file.path);
    this.file = undefined;
    return raw;
  }

  /** Drops what is held and removes the spool file, if any; safe to call more than once. */
  async discard(): Promise<void> {
    this.chunks = [];
    const { file, path } = this;
    this.file = undefined;
    this.path = undefined;
    await file?.handle.close().catch(() => undefined);
    if (path) await rm(path, { force: true });
  }
}
