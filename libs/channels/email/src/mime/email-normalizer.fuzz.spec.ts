import { InboundMessageV1Schema } from '@tributary/contracts';
import { BlobTooLargeError, type BlobPutOptions, type BlobStore, type StoredBlob } from '@tributary/platform-blob-store';
import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { EmailNormalizer } from './email-normalizer.service';
import { EmailQuarantineCode } from './email-quarantine.error';
import type { RawEmail } from './raw-email';

/**
 * Inbound mail as IMAP or SMTP hands it over, generated: any bytes, and mails built from hostile
 * headers and parts. The normalizer never throws for a mail (only a failing blob store may), every
 * message it produces is a valid InboundMessage v1, and a mail with a usable From is never
 * quarantined for breaking the contract: what is too long is cut, what is unreadable left out.
 */

/**
 * The blob store's contract (hash, size, the byte limit) without its fsync per attachment, which
 * would make 20,000 generated mails take minutes; the local store has its own tests.
 */
class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  async put(content: Buffer | Readable, options: BlobPutOptions = {}): Promise<StoredBlob> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of Buffer.isBuffer(content) ? [content] : content) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += bytes.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        if (!Buffer.isBuffer(content)) content.destroy();
        throw new BlobTooLargeError(options.maxBytes);
      }
      chunks.push(bytes);
    }
    const bytes = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.blobs.set(sha256, bytes);
    return { storageUri: `memory://sha256/${sha256}`, sha256, sizeBytes: bytes.length };
  }

  open(storageUri: string): Promise<Readable> {
    return Promise.resolve(Readable.from([this.blobs.get(storageUri.slice('memory://sha256/'.length)) ?? Buffer.alloc(0)]));
  }
}

const normalizer = new EmailNormalizer(new MemoryBlobStore(), { limits: { maxMessageBytes: 1024 * 1024, maxMimeParts: 50, parseTimeoutMs: 10_000 } });

const raw = (bytes: Buffer): RawEmail => ({ raw: bytes, tenantId: 'fuzz-mail', inbox: { address: 'Support@Fuzz.Example' }, provider: 'imap', receivedAt: new Date('2026-12-07T10:00:00Z') });

/** Header text: mostly printable, sometimes 8-bit, encoded words, or very long. */
const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((text) => text.replace(/[\r\n]/g, ' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, ' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((text) => `=?utf-8?b?${Buffer.from(text).toString('base64')}?=`) },
  { weight: 1, arbitrary: fc.constantFrom('=?x-unknown?q?=FF=FE?=', '=?utf-8?q?broken', '<>', '<<a@b>>', '"', '\\', '(comment') },
  { weight: 1, arbitrary: fc.nat(3000).map((n) => `<${'m'.repeat(n)}@x.example>`) },
);
const address = fc.oneof(
  fc.emailAddress(),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.emailAddress()).map(([name, email]) => `"${name.replace(/["\\\r\n]/g, '')}" <${email}>`),
  fc.constantFrom('undisclosed-recipients:;', 'a@', '@b', 'Jane <jane@customer.example', 'JANE@CUSTOMER.EXAMPLE', `${'x'.repeat(600)}@customer.example`),
  headerValue,
);
const headerName = fc.constantFrom('Subject', 'Message-ID', 'In-Reply-To', 'References', 'Date', 'To', 'Cc', 'Auto-Submitted', 'Precedence', 'List-Id', 'X-Autoreply', 'Content-Transfer-Encoding', 'Content-Type', 'MIME-Version', 'X-Other');
const contentType = fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'text/plain; charset=x-bogus', 'text/html', 'text/html; charset=iso-8859-1', 'application/octet-stream', 'application/ms-tnef', 'image/png', 'message/rfc822', 'text/rtf', 'multipart/alternative; boundary=b', 'multipart/mixed; boundary="b"', 'multipart/mixed');
const body = fc.oneof(
  { weight: 30, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  { weight: 10, arbitrary: fc.constantFrom('<html><body><p>Hi</p><img src="http://x/y.png"><script>alert(1)</script></body></html>', '=E9=E8=\r\nsoft=\r\nbreak', 'SGVsbG8gd29ybGQ=\r\n!!!notbase64', '> quoted\r\n> more\r\nnew text', 'On Mon, Jane wrote:\r\n> old') },
  // Past the contract's 256 Ki characters of text now and then (costly to parse, so rare).
  { weight: 1, arbitrary: fc.integer({ min: 200_000, max: 300_000 }).map((n) => 'y'.repeat(n)) },
);
const part = fc.record({ type: contentType, encoding: fc.constantFrom('', '7bit', 'base64', 'quoted-printable', 'x-uuencode'), filename: fc.option(headerValue, { nil: undefined }), body });
const structuredMail = fc
  .record({
    from: fc.option(address, { nil: undefined }),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
    parts: fc.array(part, { minLength: 1, maxLength: 4 }),
    multipart: fc.boolean(),
    lineEnd: fc.constantFrom('\r\n', '\n'),
  })
  .map(({ from, headers, parts, multipart, lineEnd }) => {
    const head = [...(from === undefined ? [] : [`From: ${from}`]), ...headers.map(([name, value]) => `${name}: ${value}`)];
    const partText = (p: { type: string; encoding: string; filename: string | undefined; body: string }) =>
      [`Content-Type: ${p.type}`, ...(p.encoding ? [`Content-Transfer-Encoding: ${p.encoding}`] : []), ...(p.filename === undefined ? [] : [`Content-Disposition: attachment; filename="${p.filename}"`]), '', p.body].join(lineEnd);
    const [first] = parts;
    const text = multipart || first === undefined
      ? [...head, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', ...parts.map((p) => `--b${lineEnd}${partText(p)}`), '--b--', ''].join(lineEnd)
      : [...head, partText(first)].join(lineEnd);
    return { bytes: Buffer.from(text, 'utf8'), hasFrom: from !== undefined };
  });

describe('EmailNormalizer under generated mail', () => {
  it('never throws for a mail, and every message it produces is a valid InboundMessage v1', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ bytes: Buffer.from(bytes), hasFrom: false })), structuredMail), async ({ bytes }) => {
        const result = await normalizer.normalize(raw(bytes));
        if (result.kind === 'message') InboundMessageV1Schema.parse(result.message);
        else expect(Object.values(EmailQuarantineCode)).toContain(result.code);
      }),
      fuzzOptions(10_000),
    );
  }, 120_000);

  it('never quarantines a mail with a usable From for breaking the contract: what is too long is cut instead', async () => {
    await fc.assert(
      fc.asyncProperty(structuredMail, fc.emailAddress(), async ({ bytes }, from) => {
        const result = await normalizer.normalize(raw(Buffer.concat([Buffer.from(`From: ${from}\r\n`), bytes])));
        if (result.kind === 'quarantined') expect({ code: result.code, reason: result.reason }).not.toMatchObject({ code: EmailQuarantineCode.InvalidContract });
      }),
      fuzzOptions(10_000),
    );
  }, 120_000);
});
