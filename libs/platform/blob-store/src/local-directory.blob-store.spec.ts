import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobTooLargeError } from './blob-too-large.error';
import { LocalDirectoryBlobStore } from './local-directory.blob-store';

describe('LocalDirectoryBlobStore', () => {
  let root: string;
  let store: LocalDirectoryBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'blobs-'));
    store = new LocalDirectoryBlobStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores bytes under their sha256 and reads them back', async () => {
    const blob = await store.put(Buffer.from('hello voicemail'));
    expect(blob.sha256).toBe(createHash('sha256').update('hello voicemail').digest('hex'));
    expect(blob.sizeBytes).toBe(15);
    expect(blob.storageUri).toMatch(/^file:\/\//);
    expect(await text(await store.open(blob.storageUri))).toBe('hello voicemail');
  });

  it('stores the same content once, whether given as a buffer or a stream', async () => {
    const first = await store.put(Buffer.from('same bytes'));
    const second = await store.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]));
    expect(second).toEqual(first);
  });

  it('refuses content over the limit and leaves no file behind', async () => {
    await expect(store.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(join(root, 'incoming'))).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['incoming']);
  });

  it('refuses to open a uri outside its directory', async () => {
    await expect(store.open('file:///etc/passwd')).rejects.toThrow(/not in this blob store/);
  });
});
