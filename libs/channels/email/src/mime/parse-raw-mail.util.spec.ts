import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalDirectoryBlobStore, type BlobPutOptions, type BlobStore, type StoredBlob } from '@tributary/platform-blob-store';
import { ATT, TnefStreamBuilder, compressByteRun, compressRtfAsLiterals, cString, mapiBinary, mapiBlock } from '../../fixtures/tnef/tnef-stream.builder';
import { DEFAULT_EMAIL_LIMITS } from './email-limits';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';
import { parseRawMail } from './parse-raw-mail.util';

const RTF_COMPRESSED = 0x1009;
const BODY_HTML = 0x1013;

const blobDir = mkdtempSync(join(tmpdir(), 'parse-raw-mail-'));
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

/** The real local store, counting what is put into it. */
class CountingBlobStore implements BlobStore {
  puts = 0;
  private readonly store = new LocalDirectoryBlobStore(blobDir);

  put(content: Buffer | Readable, options?: BlobPutOptions): Promise<StoredBlob> {
    this.puts += 1;
    return this.store.put(content, options);
  }

  open(storageUri: string): Promise<Readable> {
    return this.store.open(storageUri);
  }
}

function tnefWithFiles(count: number, tag: string): TnefStreamBuilder {
  const builder = new TnefStreamBuilder().preamble();
  for (let index = 0; index < count; index += 1) {
    builder.attachment(ATT.attachRendData, Buffer.alloc(14)).attachment(ATT.attachTitle, cString(`${tag}-${index}.txt`)).attachment(ATT.attachData, Buffer.from(`${tag} file ${index}`));
  }
  return builder;
}

/** A multipart/mixed mail: an optional text part, then each TNEF stream as a winmail.dat part. */
function mailWith(text: string | undefined, tnefs: readonly Buffer[]): Buffer {
  const parts = [
    ...(text === undefined ? [] : [`Content-Type: text/plain; charset="us-ascii"\r\n\r\n${text}`]),
    ...tnefs.map((tnef) => `Content-Type: application/ms-tnef; name="winmail.dat"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="winmail.dat"\r\n\r\n${tnef.toString('base64').replace(/.{76}/g, '$&\r\n')}`),
  ];
  const head = 'From: hans@kunde.example\r\nTo: support@acme.example\r\nSubject: winmail\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n';
  return Buffer.from(`${head}${parts.map((part) => `--b\r\n${part}\r\n`).join('')}--b--\r\n`, 'latin1');
}

describe('parseRawMail with winmail.dat parts', () => {
  it('quarantines as soon as the winmail.dat files would pass 100 attachments, before storing the part that would', async () => {
    const blobStore = new CountingBlobStore();
    const raw = mailWith('see attached', [tnefWithFiles(40, 'a').build(), tnefWithFiles(40, 'b').build(), tnefWithFiles(40, 'c').build()]);
    const parsed = parseRawMail(raw, blobStore, DEFAULT_EMAIL_LIMITS);
    await expect(parsed).rejects.toThrow(EmailQuarantineError);
    await expect(parsed).rejects.toMatchObject({ code: EmailQuarantineCode.TooManyAttachments });
    expect(blobStore.puts).toBe(80);
  });

  it('never expands the RTF body of a winmail.dat when the mail has its own text', async () => {
    const damagedRtf = compressRtfAsLiterals(Buffer.from('{\\rtf1 formatted copy of the text}', 'latin1'));
    damagedRtf[20] = (damagedRtf[20] ?? 0) ^ 0xff; // a CRC mismatch, found only by expanding it
    const tnef = tnefWithFiles(1, 'doc').message(ATT.mapiProps, mapiBlock([mapiBinary(RTF_COMPRESSED, damagedRtf)])).build();
    const parsed = await parseRawMail(mailWith('the text', [tnef]), new CountingBlobStore(), DEFAULT_EMAIL_LIMITS);
    expect(parsed.text).toBe('the text');
    expect(parsed.attachments.map((attachment) => attachment.name)).toEqual(['doc-0.txt']);
    expect(parsed.warnings).toEqual([]);
  });

  it("caps an RTF-only body at the mail's size limit: the winmail.dat is kept with the reason, never a retried too-large blob", async () => {
    const limits = { ...DEFAULT_EMAIL_LIMITS, maxMessageBytes: 64 * 1024 };
    const tnef = new TnefStreamBuilder().preamble().message(ATT.mapiProps, mapiBlock([mapiBinary(RTF_COMPRESSED, compressByteRun(0x61, 200_000))])).build();
    const raw = mailWith(undefined, [tnef]);
    expect(raw.length).toBeLessThan(limits.maxMessageBytes);
    const parsed = await parseRawMail(raw, new CountingBlobStore(), limits);
    expect(parsed.attachments).toEqual([expect.objectContaining({ name: 'winmail.dat', sizeBytes: tnef.length })]);
    expect(parsed.warnings).toEqual(['winmail.dat kept as well: its RTF body is unreadable: compressed RTF: 200000 bytes is over the limit of 65536']);
  });

  it('an RTF-only body within the limits becomes message.rtf', async () => {
    const tnef = new TnefStreamBuilder().preamble().message(ATT.mapiProps, mapiBlock([mapiBinary(RTF_COMPRESSED, compressByteRun(0x61, 5000))])).build();
    const parsed = await parseRawMail(mailWith(undefined, [tnef]), new CountingBlobStore(), DEFAULT_EMAIL_LIMITS);
    expect(parsed.attachments).toEqual([expect.objectContaining({ name: 'message.rtf', contentType: 'application/rtf', sizeBytes: 5000 })]);
    expect(parsed.warnings).toEqual(['the winmail.dat body is RTF only: attached as message.rtf']);
  });

  it('a later winmail.dat text body wins over an earlier RTF-only one', async () => {
    const rtfOnly = new TnefStreamBuilder().preamble().message(ATT.mapiProps, mapiBlock([mapiBinary(RTF_COMPRESSED, compressByteRun(0x61, 100))])).build();
    const withText = new TnefStreamBuilder().preamble().message(ATT.body, cString('Hello from inside')).build();
    const parsed = await parseRawMail(mailWith(undefined, [rtfOnly, withText]), new CountingBlobStore(), DEFAULT_EMAIL_LIMITS);
    expect(parsed.text).toBe('Hello from inside');
    expect(parsed.attachments).toEqual([]);
  });

  it('keeps a winmail.dat HTML-only body as HTML and leaves its text to the normalizer, which derives it from the sanitized HTML', async () => {
    const html = '<html><body><p>Hello <script>x()</script>there</p></body></html>';
    const tnef = new TnefStreamBuilder().preamble().message(ATT.mapiProps, mapiBlock([mapiBinary(BODY_HTML, Buffer.from(html, 'utf8'))])).build();
    const parsed = await parseRawMail(mailWith(undefined, [tnef]), new CountingBlobStore(), DEFAULT_EMAIL_LIMITS);
    expect(parsed.html).toBe(html);
    expect(parsed.text).toBe('');
    expect(parsed.warnings).toEqual([]);
  });
});

describe('parseRawMail with a malformed Content-Type', () => {
  it('keeps the part as application/octet-stream rather than a type the contract refuses (fuzz counterexample: Content-Type: #)', async () => {
    const raw = Buffer.from('From: a@a.aa\r\nContent-Type: #\r\nContent-Type: text/plain\r\n\r\n');
    const parsed = await parseRawMail(raw, new CountingBlobStore(), DEFAULT_EMAIL_LIMITS);
    expect(parsed.attachments.map((attachment) => attachment.contentType)).toEqual(['application/octet-stream']);
  });
});

describe('parseRawMail on a mail it must stop while an attachment is streaming', () => {
  /** A 1 MiB attachment first, so it is on its way into the blob store when the rest arrives. */
  function attachmentThenParts(parts: number): Buffer {
    const attachment = Buffer.alloc(1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const tiny = Array.from({ length: parts }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}\r\n`).join('');
    return Buffer.from(
      [
        'From: a@example.org',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: application/octet-stream',
        'Content-Disposition: attachment; filename="big.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        `${tiny}--b--`,
        '',
      ].join('\r\n'),
    );
  }

  it('quarantines a mail with too many parts behind a large attachment instead of hanging', async () => {
    const limits = { ...DEFAULT_EMAIL_LIMITS, maxMimeParts: 50 };
    await expect(parseRawMail(attachmentThenParts(60), new CountingBlobStore(), limits)).rejects.toMatchObject({ code: EmailQuarantineCode.TooManyParts });
  }, 15_000);

  it('quarantines a mail whose parse outlasts the time limit while an attachment is being stored', async () => {
    /** A store that takes what it is given but never finishes reading it, as a stalled disk would. */
    const stalled: BlobStore = { put: () => new Promise<never>(() => undefined), open: () => Promise.reject(new Error('not used')) };
    const limits = { ...DEFAULT_EMAIL_LIMITS, parseTimeoutMs: 500 };
    await expect(parseRawMail(attachmentThenParts(1), stalled, limits)).rejects.toMatchObject({ code: EmailQuarantineCode.ParseTimeout });
  }, 15_000);
});
