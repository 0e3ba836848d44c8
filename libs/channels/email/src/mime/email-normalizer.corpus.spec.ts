import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundMessageV1Schema, type InboundMessageV1Input } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { EmailNormalizer } from './email-normalizer.service';
import { EmailQuarantineCode } from './email-quarantine.error';
import type { NormalizedEmail } from './raw-email';
import { WINMAIL_FILES, truncatedTnef, winmailCorpus } from '../../fixtures/tnef/winmail-fixtures';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'eml');
const blobDir = mkdtempSync(join(tmpdir(), 'email-corpus-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
const normalizer = new EmailNormalizer(blobStore);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function normalizeFile(file: string): Promise<NormalizedEmail> {
  return normalizer.normalize({ raw: readFileSync(join(CORPUS, file)), tenantId: 'acme', inbox: { address: 'Support@Acme.Example' }, provider: 'imap', receivedAt: new Date('2026-11-24T08:20:00Z') });
}

async function message(file: string): Promise<InboundMessageV1Input> {
  const result = await normalizeFile(file);
  if (result.kind !== 'message') throw new Error(`${file} was quarantined: ${result.code} ${result.reason}`);
  // Every normalized mail is a valid contract record.
  return InboundMessageV1Schema.parse(result.message);
}

describe('email corpus: normalized messages', () => {
  it('plain ASCII: lower-cased sender, display name, inbox, thread id without brackets', async () => {
    const m = await message('plain-ascii.eml');
    expect(m.sender).toEqual({ identities: [{ kind: 'email', value: 'jane.doe@customer.example' }], displayName: 'Jane Doe' });
    expect(m.inbox.address).toBe('support@acme.example');
    expect(m.subject).toBe('Order 1234 missing');
    expect(m.text).toBe('Hello,\nmy order 1234 never arrived.\nJane');
    expect(m.thread.messageId).toBe('order-1234@customer.example');
    expect(m.dedupeKey).toBe('email:order-1234@customer.example');
    expect(m.sentAt).toBe('2026-11-24T08:15:00.000Z');
    expect(m.autoSubmitted).toEqual({ flagged: false });
  });

  it('multipart/alternative: text from the plain part, sanitized HTML kept, To and Cc as recipients', async () => {
    const m = await message('multipart-alternative.eml');
    expect(m.text).toBe('Plain version of the question.');
    expect(m.html).toBe('<p>HTML <b>version</b> of the question.</p>');
    expect(m.recipients).toEqual(['support@acme.example', 'bob@customer.example', 'sales@acme.example']);
  });

  it('HTML only: text derived from the HTML', async () => {
    const m = await message('html-only.eml');
    expect(m.text).toContain('Please refund order 77.');
    expect(m.html).toContain('<h1>Refund</h1>');
  });

  it('hostile HTML: no scripts, handlers, javascript: links, frames, forms or remote images; inline cid image kept', async () => {
    const html = (await message('html-hostile.eml')).html ?? '';
    for (const banned of ['<script', 'alert(', 'onload', 'onclick', 'javascript:', '<iframe', '<form', 'tracker.example', 'evil.example', '<style']) {
      expect(html).not.toContain(banned);
    }
    expect(html).toContain('<img src="cid:logo@customer.example" alt="logo" />');
    expect(html).toContain('href="https://shop.example/orders/9" rel="noopener noreferrer nofollow"');
  });

  it.each([
    ['reply-gmail-quoted.eml', 'Thanks, that works for me.', 'On Tue, 24 Nov 2026 at 10:00, Acme Support'],
    ['reply-gmail-wrapped.eml', 'Still nothing, sorry.', 'On Tue, 24 Nov 2026 at 10:00, Acme Support Team'],
    ['reply-outlook-original.eml', 'Please call me back.', '-----Original Message-----'],
    ['reply-outlook-from-sent.eml', 'My number is +49 151 1234567.', '________________________________\nFrom: Acme Support'],
    ['reply-german.eml', 'Vielen Dank für die schnelle Antwort.', 'Am 24.11.2026 um 10:00 schrieb'],
  ])('%s: new text split from the quoted conversation', async (file, text, quotedStart) => {
    const m = await message(file);
    expect(m.text).toBe(text);
    expect(m.quotedText?.startsWith(quotedStart)).toBe(true);
  });

  it('a reply carries In-Reply-To and References without angle brackets, oldest first', async () => {
    const m = await message('reply-gmail-quoted.eml');
    expect(m.thread).toEqual({ messageId: 'CAF-reply-1@mail.gmail.com', inReplyTo: 'agent-1@acme.example', references: ['order-1234@customer.example', 'agent-1@acme.example'] });
    expect(m.subject).toBe('Re: [#TRB-1001] Order 1234 missing');
  });

  it('interleaved answers between quotes are not cut away', async () => {
    const m = await message('reply-interleaved.eml');
    expect(m.text).toBe('> Which size?\nSize M please.\n> Which colour?\nBlue.');
    expect(m.quotedText).toBeUndefined();
  });

  it('an inline forward is the message itself, not quoted history', async () => {
    const m = await message('forward-inline.eml');
    expect(m.text).toContain('---------- Forwarded message ---------\nFrom: Billing <billing@shop.example>');
    expect(m.text).toContain('Total: 99 EUR');
    expect(m.quotedText).toBeUndefined();
  });

  it('nested forwards: the outer text, the forwarded mail kept as an .eml attachment', async () => {
    const m = await message('nested-forward.eml');
    expect(m.text).toBe("Forwarding Bob's forward.");
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'bob.eml', contentType: 'message/rfc822' })]);
    const stored = await readBlob(m.attachments?.[0]?.storageUri ?? '');
    expect(stored.toString('utf8')).toContain('Total: 99 EUR');
  });

  it.each([
    ['iso-2022-jp.eml', '注文について', 'こんにちは、注文が届きません。', '山田太郎'],
    ['gb18030.eml', '订单问题', '您好，我的订单没有到。𠀀', 'Jane Doe'],
    ['iso-8859-1-qp.eml', 'Grüße aus Köln', 'Schöne Grüße, die Lieferung fehlt.', 'Jane Doe'],
    ['windows-1252.eml', 'Smart quotes', '“It’s broken” – €20 lost', 'Jane Doe'],
    ['encoded-words-split.eml', 'Überweisung fehlgeschlagen', 'Bitte prüfen.', 'Jürgen Müller'],
    ['utf8-8bit-no-charset.eml', 'Kein Charset', 'Grüße aus München', 'Jane Doe'],
  ])('%s: charsets decoded in subject, body and display name', async (file, subject, text, displayName) => {
    const m = await message(file);
    expect(m.subject).toBe(subject);
    expect(m.text).toBe(text);
    expect(m.sender.displayName).toBe(displayName);
  });

  it('attachments are streamed to the blob store with name, type, size and sha256 (RFC 2231 names decoded)', async () => {
    const m = await message('attachments.eml');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% fake but consistent bytes\n'), Buffer.from('0123456789'.repeat(50))]);
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(200)]);
    expect(m.attachments).toEqual([
      expect.objectContaining({ name: 'receipt.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, sha256: sha256(pdf) }),
      expect.objectContaining({ name: 'schäden.png', contentType: 'image/png', sizeBytes: png.length, sha256: sha256(png) }),
    ]);
    expect(await readBlob(m.attachments?.[0]?.storageUri ?? '')).toEqual(pdf);
    expect(m.text).toBe('See attached.');
  });

  it('a winmail.dat that is not a TNEF stream (garbage after the signature) is kept whole, with the reason', async () => {
    const m = await message('winmail-dat.eml');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'winmail.dat', contentType: 'application/ms-tnef', sizeBytes: 1028 })]);
    expect(m.text).toBe('Contract attached.');
    expect(m.extras?.['winmail']).toMatch(/^winmail\.dat kept undecoded: truncated: attribute data of \d+ bytes/);
  });

  it("Outlook's winmail.dat: its three files become the mail's attachments (title + data, long file name, MAPI data only); the mail's own text stays", async () => {
    const m = await message('winmail-outlook-attachments.eml');
    expect(m.text).toBe('Please find the signed contract attached.');
    expect(m.attachments).toEqual([
      expect.objectContaining({ name: 'Vertrag März 2026.pdf', contentType: 'application/pdf', sizeBytes: 3015, sha256: sha256(WINMAIL_FILES.contractPdf) }),
      expect.objectContaining({ name: 'site photo.jpg', contentType: 'image/jpeg', sizeBytes: 1512, sha256: sha256(WINMAIL_FILES.sitePhotoJpg) }),
      expect.objectContaining({ name: 'notes.txt', contentType: 'text/plain', sizeBytes: 34, sha256: sha256(WINMAIL_FILES.notesTxt) }),
    ]);
    expect(await readBlob(m.attachments?.[0]?.storageUri ?? '')).toEqual(WINMAIL_FILES.contractPdf);
    expect(m.extras).toEqual({ senderAddress: 'Hans.Berger@Kunde.Example' });
  });

  it('a mail that is only a winmail.dat: the body comes from inside it (text, sanitized HTML); the forwarded item it cannot open keeps the winmail.dat too', async () => {
    const m = await message('winmail-body-only.eml');
    expect(m.text).toBe('Hello,\nthe invoice for order 5521 is attached. The total looks wrong.\nHans');
    expect(m.html).toBe('<p>Hello,</p><p>the invoice for order 5521 is attached. The total looks <b>wrong</b>.</p><p>Hans</p>');
    expect(m.attachments).toEqual([
      expect.objectContaining({ name: 'Rechnung 5521.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', sizeBytes: 781, sha256: sha256(WINMAIL_FILES.invoiceXlsx) }),
      expect.objectContaining({ name: 'winmail.dat', contentType: 'application/ms-tnef' }),
    ]);
    expect(m.extras).toEqual({ senderAddress: 'Hans.Berger@Kunde.Example', winmail: 'winmail.dat kept as well: attachment 2 (Bestellung 5521): an embedded message or OLE object' });
  });

  it('a winmail.dat whose body is only compressed RTF: decompressed and attached as message.rtf (not turned into text)', async () => {
    const m = await message('winmail-rtf-only.eml');
    expect(m.text).toBe('');
    expect(m.attachments).toEqual([
      expect.objectContaining({ name: 'scan.png', contentType: 'image/png', sizeBytes: 410, sha256: sha256(WINMAIL_FILES.scanPng) }),
      expect.objectContaining({ name: 'message.rtf', contentType: 'application/rtf', sizeBytes: WINMAIL_FILES.rtfBody.length, sha256: sha256(WINMAIL_FILES.rtfBody) }),
    ]);
    expect(m.extras).toEqual({ senderAddress: 'Hans.Berger@Kunde.Example', winmail: 'the winmail.dat body is RTF only: attached as message.rtf' });
  });

  it('a truncated winmail.dat falls back to the winmail.dat itself, with the reason', async () => {
    const m = await message('winmail-truncated.eml');
    const kept = truncatedTnef();
    expect(m.text).toBe('Contract attached again.');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'winmail.dat', contentType: 'application/ms-tnef', sizeBytes: kept.length, sha256: sha256(kept) })]);
    expect(m.extras?.['winmail']).toMatch(/^winmail\.dat kept undecoded: truncated: attribute data of 3015 bytes at offset \d+/);
  });

  it('the winmail.dat samples are exactly what their generator writes', () => {
    for (const [file, bytes] of Object.entries(winmailCorpus())) expect(readFileSync(join(CORPUS, file)).equals(bytes)).toBe(true);
  });

  it('inline images keep their Content-ID, and the HTML keeps cid: links to them', async () => {
    const m = await message('inline-cid-image.eml');
    expect(m.attachments).toEqual([expect.objectContaining({ contentId: 'logo123@customer.example', contentType: 'image/png', sizeBytes: 208 })]);
    expect(m.html).toContain('src="cid:logo123@customer.example"');
  });

  it('calendar invites are attachments', async () => {
    const m = await message('calendar-invite.eml');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'invite.ics', contentType: 'text/calendar' })]);
  });

  it.each([
    ['bounce-dsn.eml', 'bounce'],
    ['bounce-plain.eml', 'bounce'],
    ['out-of-office.eml', 'out-of-office'],
    ['exchange-automatic-reply.eml', 'out-of-office'],
    ['auto-reply-x-autoreply.eml', 'auto-reply'],
    ['list-mail.eml', 'list'],
    ['precedence-bulk.eml', 'bulk'],
    ['auto-generated.eml', 'other'],
  ])('%s is flagged auto-submitted (%s)', async (file, reason) => {
    expect((await message(file)).autoSubmitted).toEqual({ flagged: true, reason });
  });

  it('Auto-Submitted: no is a person', async () => {
    expect((await message('auto-submitted-no.eml')).autoSubmitted).toEqual({ flagged: false });
  });

  it('without a Message-ID the dedupe key is a digest of the content, equal for copies in two mailboxes', async () => {
    const first = await message('missing-message-id.eml');
    const copy = await message('missing-message-id-copy.eml');
    expect(first.dedupeKey).toMatch(/^email-sha256:[0-9a-f]{64}$/);
    expect(copy.dedupeKey).toBe(first.dedupeKey);
    expect(first.thread.messageId).toBeUndefined();
    expect(first.messageId).not.toBe(copy.messageId);
  });

  it('broken headers: lines without a colon and bad encoded words do not stop the mail', async () => {
    const m = await message('broken-headers.eml');
    expect(m.sender.identities).toEqual([{ kind: 'email', value: 'jane.doe@customer.example' }]);
    expect(m.subject).toContain(' and x');
    expect(m.text).toBe('Body survives.');
    expect(m.recipients).toEqual([]);
  });

  it('a truncated multipart keeps what arrived', async () => {
    const m = await message('truncated-multipart.eml');
    expect(m.text).toBe('The start survives.');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'half.pdf' })]);
  });

  it('a multipart without a boundary keeps its body as text', async () => {
    expect((await message('missing-boundary.eml')).text).toBe('Just text although it says multipart.');
  });

  it('eighty levels of nested multiparts are read to the bottom', async () => {
    expect((await message('deeply-nested.eml')).text).toBe('Deep inside.');
  });

  it('a thread longer than the contract allows keeps its 500 newest references', async () => {
    const m = await message('long-references.eml');
    expect(m.thread.references).toHaveLength(500);
    expect(m.thread.references?.[0]).toBe('r100@acme.example');
    expect(m.thread.references?.at(-1)).toBe('r599@acme.example');
    expect(m.thread.inReplyTo).toBe('r599@acme.example');
  });

  it('bare ids without angle brackets are accepted', async () => {
    const m = await message('message-id-bare.eml');
    expect(m.thread.messageId).toBe('bare-id-123@customer.example');
    expect(m.thread.inReplyTo).toBe('agent-9@acme.example');
  });

  it('HTML over the contract limit moves to the blob store as message-body.html, named in extras; the text is kept', async () => {
    const m = await message('huge-html.eml');
    expect(m.html).toBeUndefined();
    expect(m.text).toBe('Short text version.');
    expect(m.extras).toEqual({ senderAddress: 'Jane.Doe@Customer.Example', fullHtmlAttachment: 'message-body.html' });
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'message-body.html', contentType: 'text/html; charset=utf-8' })]);
    expect((await readBlob(m.attachments?.[0]?.storageUri ?? '')).length).toBeGreaterThan(512 * 1024);
  });

  it('an empty body is an empty text', async () => {
    expect((await message('empty-body.eml')).text).toBe('');
  });

  it('an attachment with broken base64 is stored as far as it decodes', async () => {
    const m = await message('broken-base64-attachment.eml');
    expect(m.text).toBe('Attachment is broken.');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'data.bin', contentType: 'application/octet-stream' })]);
  });
});

describe('email corpus: quarantined mail', () => {
  it.each([
    ['no-from.eml', EmailQuarantineCode.NoSender],
    ['invalid-from.eml', EmailQuarantineCode.NoSender],
    ['binary-garbage.eml', EmailQuarantineCode.NoSender],
  ])('%s is quarantined (%s)', async (file, code) => {
    expect(await normalizeFile(file)).toEqual({ kind: 'quarantined', code, reason: expect.stringContaining('From') });
  });
});

async function readBlob(storageUri: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobStore.open(storageUri)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
