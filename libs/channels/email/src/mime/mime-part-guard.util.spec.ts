import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { MimePartGuard } from './mime-part-guard.util';

async function count(chunks: readonly string[], maxParts = 100): Promise<number> {
  const guard = new MimePartGuard(maxParts);
  await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk, 'latin1'))), guard, new Writable({ write: (_chunk, _encoding, done) => done() }));
  return guard.partCount;
}

describe('MimePartGuard', () => {
  it('counts Content-Type header lines, including one split across chunks and one at the very start', async () => {
    expect(await count(['Content-Type: multipart/mixed\r\n\r\n--b\r\nConten', 't-Type: text/plain\r\n\r\nx\r\n--b\r\ncontent-type: text/html\r\n'])).toBe(3);
  });

  it('does not count Content-Type in the middle of a line', async () => {
    expect(await count(['Subject: about Content-Type: headers\r\n\r\nbody'])).toBe(0);
  });

  it('stops the stream once a mail has more parts than allowed', async () => {
    await expect(count(['\r\nContent-Type: a\r\nContent-Type: b\r\nContent-Type: c\r\n'], 2)).rejects.toThrow('more than 2 MIME parts');
  });
});
