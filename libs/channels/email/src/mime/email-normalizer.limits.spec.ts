import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { DEFAULT_EMAIL_LIMITS } from './email-limits';
import { EmailNormalizer } from './email-normalizer.service';
import { EmailQuarantineCode } from './email-quarantine.error';
import type { RawEmail } from './raw-email';

const blobDir = mkdtempSync(join(tmpdir(), 'email-limits-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

function rawEmail(raw: Buffer): RawEmail {
  return { raw, tenantId: 'acme', inbox: { address: 'support@acme.example' }, provider: 'smtp', receivedAt: new Date() };
}

function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer({ from: 'jane@customer.example', to: 'support@acme.example', subject: 'Generated', messageId: '<gen@customer.example>', ...options }).compile().build();
}

/** A mail with `count` tiny text parts, written by hand: composing thousands of parts is slow. */
function manyParts(count: number): Buffer {
  const parts = Array.from({ length: count }, (_, index) => `--p\r\nContent-Type: text/plain\r\n\r\npart ${index}\r\n`).join('');
  return Buffer.from(`From: jane@customer.example\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n${parts}--p--\r\n`);
}

describe('email normalization under hostile sizes', () => {
  // 25 MB through the parser takes seconds on a busy two-core machine: what is tested is the bytes, not the time.
  it('a 25 MB attachment is streamed into the blob store intact', async () => {
    const bytes = randomBytes(25 * 1024 * 1024);
    const raw = await compose({ text: 'Big scan attached.', attachments: [{ filename: 'scan.tiff', content: bytes, contentType: 'image/tiff' }] });
    const result = await new EmailNormalizer(blobStore).normalize(rawEmail(raw));
    if (result.kind !== 'message') throw new Error(`quarantined: ${result.reason}`);
    expect(result.message.text).toBe('Big scan attached.');
    expect(result.message.attachments).toEqual([
      expect.objectContaining({ name: 'scan.tiff', contentType: 'image/tiff', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }),
    ]);
  }, 60_000);

  it('thousands of MIME parts are quarantined as too many parts', async () => {
    const result = await new EmailNormalizer(blobStore).normalize(rawEmail(manyParts(5000)));
    expect(result).toEqual({ kind: 'quarantined', code: EmailQuarantineCode.TooManyParts, reason: 'more than 500 MIME parts' });
  });

  it('more attachments than the contract carries are quarantined', async () => {
    const attachments = Array.from({ length: 120 }, (_, index) => ({ filename: `f${index}.txt`, content: `file ${index}` }));
    const result = await new EmailNormalizer(blobStore).normalize(rawEmail(await compose({ text: 'many files', attachments })));
    expect(result).toEqual(expect.objectContaining({ kind: 'quarantined', code: EmailQuarantineCode.TooManyAttachments }));
  });

  it('a mail over the size limit is quarantined before parsing', async () => {
    const normalizer = new EmailNormalizer(blobStore, { limits: { ...DEFAULT_EMAIL_LIMITS, maxMessageBytes: 1024 } });
    const result = await normalizer.normalize(rawEmail(await compose({ text: 'x'.repeat(4096) })));
    expect(result).toEqual(expect.objectContaining({ kind: 'quarantined', code: EmailQuarantineCode.TooLarge }));
  });

  it('a parse that outlives its deadline is stopped and quarantined', async () => {
    const normalizer = new EmailNormalizer(blobStore, { limits: { ...DEFAULT_EMAIL_LIMITS, parseTimeoutMs: 1 } });
    const raw = await compose({ text: 'slow', attachments: [{ filename: 'a.bin', content: randomBytes(8 * 1024 * 1024) }] });
    const result = await normalizer.normalize(rawEmail(raw));
    expect(result).toEqual({ kind: 'quarantined', code: EmailQuarantineCode.ParseTimeout, reason: 'parsing took longer than 1 ms' });
  });
});
