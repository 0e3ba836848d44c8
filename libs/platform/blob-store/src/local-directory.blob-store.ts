import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BlobPutOptions, BlobStore, StoredBlob } from './blob-store';
import { BlobTooLargeError } from './blob-too-large.error';

/**
 * Blobs as files under one directory, named by their sha256 (`ab/cd/abcd…`). Content is streamed to
 * a temporary file, hashed on the way, fsynced and renamed into place, so a crash never leaves a
 * half-written blob under a real name.
 */
export class LocalDirectoryBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(content: Buffer | Readable, options: BlobPutOptions = {}): Promise<StoredBlob> {
    const incoming = join(this.root, 'incoming');
    await mkdir(incoming, { recursive: true });
    const temporary = join(incoming, randomUUID());
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        if (options.maxBytes !== undefined && sizeBytes > options.maxBytes) return done(new BlobTooLargeError(options.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
      await pipeline(source, measure, createWriteStream(temporary, { flush: true }));
      const sha256 = hash.digest('hex');
      const finalPath = join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
      await mkdir(join(finalPath, '..'), { recursive: true });
      await rename(temporary, finalPath);
      return { storageUri: pathToFileURL(finalPath).href, sha256, sizeBytes };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async open(storageUri: string): Promise<Readable> {
    const path = this.pathOf(storageUri);
    await stat(path);
    return createReadStream(path);
  }

  private pathOf(storageUri: string): string {
    const path = fileURLToPath(storageUri);
    if (!path.startsWith(this.root)) throw new Error(`${storageUri} is not in this blob store (${this.root})`);
    return path;
  }
}
