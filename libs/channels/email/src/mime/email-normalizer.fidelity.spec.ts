import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundMessageV1Schema, type InboundMessageV1Input } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { BYTES, mailBytes } from '../../fixtures/mail-bytes';
import { EmailNormalizer, type EmailNormalizerOptions } from './email-normalizer.service';
import { EmailQuarantineCode } from './email-quarantine.error';
import type { NormalizedEmail } from './raw-email';

// Issue 14: every real-world mail readable by the helpdesk. Each mail here is written byte by byte.

const blobDir = mkdtempSync(join(tmpdir(), 'email-fidelity-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function normalize(raw: Buffer, options: EmailNormalizerOptions = {}, provider: 'imap' | 'smtp' = 'imap'): Promise<NormalizedEmail> {
  return new EmailNormalizer(blobStore, options).normalize({ raw, tenantId: 'acme', inbox: { address: 'support@acme.example' }, provider, receivedAt: new Date('2026-11-24T08:20:00Z') });
}

async function message(raw: Buffer, options: EmailNormalizerOptions = {}): Promise<InboundMessageV1Input> {
  const result = await normalize(raw, options);
  if (result.kind !== 'message') throw new Error(`quarantined: ${result.code} ${result.reason}`);
  InboundMessageV1Schema.parse(result.message);
  return result.message;
}

async function readBlob(storageUri: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobStore.open(storageUri)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const HEAD = 'From: Jane Doe <jane@customer.example>\r\nTo: support@acme.example\r\nMessage-ID: <m1@customer.example>\r\nMIME-Version: 1.0\r\n';

describe('a readable text for every mail', () => {
  it('HTML with an inline image (multipart/related, no text part): the text comes from the HTML, blocks and links kept', async () => {
    const m = await message(
      mailBytes(
        HEAD,
        'Subject: Refund\r\nContent-Type: multipart/related; boundary="rel"\r\n\r\n',
        '--rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n',
        '<h1>Refund</h1><p>Please refund <a href="https://shop.example/orders/77">order 77</a>.</p><ul><li>Shoes</li><li>Socks</li></ul><img src="cid:logo@x">\r\n',
        '--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--rel--\r\n',
      ),
    );
    expect(m.text).toBe('Refund\n\nPlease refund order 77 [https://shop.example/orders/77].\n\n * Shoes\n * Socks');
    expect(m.html).toContain('<h1>Refund</h1>');
    expect(m.extras).toEqual({ textFromHtml: true });
  });

  it('an empty text alternative next to the HTML: the text comes from the HTML', async () => {
    const m = await message(
      mailBytes(
        HEAD,
        'Subject: Hi\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n',
        '--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n \r\n',
        '--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Where is my parcel?</p><p>Jane</p>\r\n--alt--\r\n',
      ),
    );
    expect(m.text).toBe('Where is my parcel?\n\nJane');
  });

  it('the text is derived from the sanitized HTML: a javascript: link and hidden markup never reach it', async () => {
    const m = await message(
      mailBytes(HEAD, 'Subject: Hi\r\nContent-Type: text/html; charset=utf-8\r\n\r\n', '<p>Hello <a href="javascript:alert(1)">click me</a></p><form><textarea>secret draft</textarea></form>\r\n'),
    );
    expect(m.text).toBe('Hello click me');
  });
});

describe('raw 8-bit headers and file names in legacy charsets', () => {
  it('GB2312: subject and display name in the charset the body part declares', async () => {
    const m = await message(
      mailBytes('From: ', BYTES.gb2312Name, ' <zhang@customer.example>\r\nTo: support@acme.example\r\nSubject: ', BYTES.gb2312Subject, '\r\n', 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', BYTES.gb2312Subject, '\r\n'),
    );
    expect(m.subject).toBe('订单问题');
    expect(m.sender.displayName).toBe('张伟');
    expect(m.text).toBe('订单问题');
  });

  it("Shift_JIS: subject and display name from the mail's declared charset, a file name from its own part's charset", async () => {
    const m = await message(
      mailBytes(
        'From: ', BYTES.shiftJisName, ' <yamada@customer.example>\r\nTo: support@acme.example\r\nSubject: ', BYTES.shiftJisSubject, '\r\n',
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
        '--b\r\nContent-Type: text/plain; charset=Shift_JIS\r\n\r\n', BYTES.shiftJisSubject, '\r\n',
        '--b\r\nContent-Type: text/plain; charset=Shift_JIS; name="', BYTES.shiftJisFile, '.txt"\r\nContent-Disposition: attachment; filename="', BYTES.shiftJisFile, '.txt"\r\n\r\nquote\r\n--b--\r\n',
      ),
    );
    expect(m.subject).toBe('注文について');
    expect(m.sender.displayName).toBe('山田');
    expect(m.attachments?.map((attachment) => attachment.name)).toEqual(['見積書.txt']);
  });

  it('ISO-2022-JP: a subject and a file name written with its escape sequences, not RFC 2047, even with no charset declared', async () => {
    const m = await message(
      mailBytes(
        'From: yamada@customer.example\r\nSubject: ', BYTES.iso2022JpSubject, '\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
        '--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n',
        '--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="', BYTES.iso2022JpFile, '.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n',
      ),
    );
    expect(m.subject).toBe('注文について');
    expect(m.attachments?.map((attachment) => attachment.name)).toEqual(['請求書.pdf']);
  });

  it('windows-1252 with no charset declared anywhere: subject, display name and file name as windows-1252', async () => {
    const m = await message(
      mailBytes(
        'From: ', BYTES.windows1252Name, ' <jose@customer.example>\r\nSubject: ', BYTES.windows1252Subject, '\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
        '--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n',
        '--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="', BYTES.windows1252File, '"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n',
      ),
    );
    expect(m.subject).toBe('“It’s broken” – €20');
    expect(m.sender.displayName).toBe('José Müller');
    expect(m.attachments?.map((attachment) => attachment.name)).toEqual(['Größe.pdf']);
  });

  it('a GB2312 file name in a mail that declares gb2312 for its text', async () => {
    const m = await message(
      mailBytes(
        HEAD, 'Subject: report\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
        '--b\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n', BYTES.gb2312File, '\r\n',
        '--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="', BYTES.gb2312File, '.txt"\r\n\r\ndata\r\n--b--\r\n',
      ),
    );
    expect(m.attachments?.map((attachment) => attachment.name)).toEqual(['报告.txt']);
  });
});

// Classic uuencode of "hello, uuencoded world\n" (23 bytes) as `uuencode` writes it.
const UU_HELLO = 'begin 644 hello.txt\r\n7:&5L;&\\L(\'5U96YC;V1E9"!W;W)L9`H`\r\n`\r\nend\r\n';
const HELLO = Buffer.from('hello, uuencoded world\n');

describe('uuencoded attachments', () => {
  it('`begin 644` blocks in a plain body become attachments, and leave the text', async () => {
    const m = await message(mailBytes(HEAD, 'Subject: file\r\n\r\nHere is the file.\r\n\r\n', UU_HELLO, '\r\nThanks\r\n'));
    expect(m.text).toBe('Here is the file.\n\nThanks');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'hello.txt', contentType: 'text/plain', sizeBytes: HELLO.length, sha256: sha256(HELLO) })]);
    expect(await readBlob(m.attachments?.[0]?.storageUri ?? '')).toEqual(HELLO);
  });

  it('a part with Content-Transfer-Encoding: x-uuencode becomes the decoded file, named by the part', async () => {
    const m = await message(
      mailBytes(
        HEAD, 'Subject: file\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
        '--b\r\nContent-Type: text/plain\r\n\r\nattached\r\n',
        '--b\r\nContent-Type: application/octet-stream; name="greeting.txt"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n', UU_HELLO, '--b--\r\n',
      ),
    );
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'greeting.txt', sizeBytes: HELLO.length, sha256: sha256(HELLO) })]);
  });
});

describe('sender addresses', () => {
  it('a quoted local part with a space, bare: kept as written, lower-cased, the written form in extras', async () => {
    const m = await message(mailBytes('From: "John Smith"@Example.COM\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(m.sender).toEqual({ identities: [{ kind: 'email', value: '"john smith"@example.com' }] });
    expect(m.extras).toEqual({ senderAddress: '"John Smith"@Example.COM' });
  });

  it('a quoted local part with a space behind a display name, and one with escaped quotes: kept with their quotes', async () => {
    const named = await message(mailBytes('From: John Smith <"john smith"@example.com>\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(named.sender).toEqual({ identities: [{ kind: 'email', value: '"john smith"@example.com' }], displayName: 'John Smith' });
    expect(named.extras).toEqual({});
    const escaped = await message(mailBytes('From: <"john \\"jj\\" smith"@example.com>\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(escaped.sender.identities).toEqual([{ kind: 'email', value: '"john \\"jj\\" smith"@example.com' }]);
  });

  it('a trailing dot in the domain: kept as written (the router matches it to the mailbox without it)', async () => {
    const m = await message(mailBytes('From: John <John@Example.com.>\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(m.sender.identities).toEqual([{ kind: 'email', value: 'john@example.com.' }]);
    expect(m.extras).toEqual({ senderAddress: 'John@Example.com.' });
  });

  it('an internationalized domain in raw UTF-8 bytes, and one as its A-label: each kept as written', async () => {
    const unicode = await message(mailBytes('From: Jane <jane@b', [0xc3, 0xbc], 'cher.example>\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(unicode.sender).toEqual({ identities: [{ kind: 'email', value: 'jane@bücher.example' }], displayName: 'Jane' });
    const ascii = await message(mailBytes('From: Jane <jane@XN--BCHER-KVA.example>\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(ascii.sender.identities).toEqual([{ kind: 'email', value: 'jane@xn--bcher-kva.example' }]);
    expect(ascii.extras).toEqual({});
  });

  it('an address the contract cannot hold (a domain literal): Reply-To answers, the From is kept as written', async () => {
    const m = await message(mailBytes('From: <jane@[192.0.2.1]>\r\nReply-To: Jane <jane@example.com>\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(m.sender).toEqual({ identities: [{ kind: 'email', value: 'jane@example.com' }], displayName: 'Jane' });
    expect(m.extras).toEqual({ senderHeader: 'reply-to', senderSkipped: 'from jane@[192.0.2.1]' });
  });

  it.each([
    ['Sender', 'Sender: Agent <agent@customer.example>\r\nReply-To: r@customer.example\r\nReturn-Path: <rp@customer.example>\r\n', 'agent@customer.example', 'sender'],
    ['Reply-To', 'Reply-To: r@customer.example\r\nReturn-Path: <rp@customer.example>\r\n', 'r@customer.example', 'reply-to'],
    ['Return-Path', 'Return-Path: <rp@customer.example>\r\n', 'rp@customer.example', 'return-path'],
  ])('no From: %s names the sender, and the rule is recorded', async (_, headers, address, header) => {
    const m = await message(mailBytes(headers, 'To: support@acme.example\r\nSubject: hi\r\n\r\nhi\r\n'));
    expect(m.sender.identities).toEqual([{ kind: 'email', value: address }]);
    expect(m.extras?.['senderHeader']).toBe(header);
  });

  it('no address anywhere, or only one the contract cannot hold: quarantined with what was found', async () => {
    expect(await normalize(mailBytes('Return-Path: <>\r\nSubject: hi\r\n\r\nhi\r\n'))).toEqual({ kind: 'quarantined', code: EmailQuarantineCode.NoSender, reason: 'no valid sender address in From, Sender, Reply-To or Return-Path' });
    expect(await normalize(mailBytes('From: <jane@[192.0.2.1]>\r\nSubject: hi\r\n\r\nhi\r\n'))).toEqual({
      kind: 'quarantined',
      code: EmailQuarantineCode.NoSender,
      reason: `no valid sender address in From, Sender, Reply-To or Return-Path; not held by the contract's email identity: from jane@[192.0.2.1]`,
    });
  });
});

describe('one mail by two paths is one record', () => {
  it('without a Message-ID, line endings, trailing whitespace, a trailing line ending and transport headers do not change the key', async () => {
    const smtp = mailBytes('From: jane@customer.example\r\nTo: support@acme.example\r\nSubject: No id\r\nDate: Tue, 24 Nov 2026 09:15:00 +0100\r\n\r\nHello  \r\nsecond line\r\n\r\n');
    const imap = mailBytes('Return-Path: <jane@customer.example>\nDelivered-To: support@acme.example\nReceived: from mx by imap; Tue, 24 Nov 2026 09:15:02 +0100\nFrom: jane@customer.example\nTo: support@acme.example\nSubject: No id\nDate: Tue, 24 Nov 2026 09:15:00 +0100\n\nHello\nsecond line');
    const [first, second] = [await message(smtp), await message(imap)];
    expect(first.dedupeKey).toMatch(/^email-sha256:/);
    expect(second.dedupeKey).toBe(first.dedupeKey);
  });
});

describe('characters PostgreSQL refuses', () => {
  it('NUL in the subject, the display name, the text and the Message-ID is removed before the hand-off', async () => {
    const m = await message(mailBytes('From: "Ja\0ne" <jane@customer.example>\r\nMessage-ID: <a\0b@customer.example>\r\nSubject: Re\0fund\r\n\r\nHel\0lo\r\n'));
    expect([m.subject, m.sender.displayName, m.text, m.thread.messageId, m.dedupeKey]).toEqual(['Refund', 'Jane', 'Hello', 'ab@customer.example', 'email:ab@customer.example']);
    expect(JSON.stringify(m)).not.toContain('\\u0000');
  });

  it('a text cut at the limit never ends in half a surrogate pair', async () => {
    const text = `${'a'.repeat(256 * 1024 - 1)}😀 and more`;
    const m = await message(mailBytes('From: jane@customer.example\r\nSubject: long\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n', Buffer.from(text, 'utf8'), '\r\n'));
    expect(m.text).toHaveLength(256 * 1024);
    expect(m.text.at(-1)).toBe('\ufffd');
    expect(m.extras).toEqual(expect.objectContaining({ textTruncated: true, fullTextAttachment: 'message-body.txt' }));
  });
});

describe('a record over the Kafka message size', () => {
  it('a 3 MB body over a 1 MB limit: the body moves to the blob store and the record references it', async () => {
    const paragraph = '注文した商品がまだ届いていません。'.repeat(1000);
    const text = Array.from({ length: 60 }, () => paragraph).join('\n');
    const html = `<p>${text.replace(/\n/g, '</p><p>')}</p>`;
    const raw = mailBytes(
      HEAD, 'Subject: big\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n',
      '--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', Buffer.from(text, 'utf8'), '\r\n',
      '--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', Buffer.from(html, 'utf8'), '\r\n--alt--\r\n',
    );
    expect(raw.length).toBeGreaterThan(3 * 1024 * 1024);
    const maxRecordBytes = 1024 * 1024;
    const m = await message(raw, { maxRecordBytes });
    expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThanOrEqual(maxRecordBytes);
    expect(m.html).toBeUndefined();
    expect(text.startsWith(m.text)).toBe(true);
    expect(m.text.length).toBeGreaterThan(100_000);
    expect(m.extras).toEqual({ textTruncated: true, fullTextAttachment: 'message-body.txt', fullHtmlAttachment: 'message-body.html' });
    const [htmlFile, textFile] = m.attachments ?? [];
    expect(htmlFile).toEqual(expect.objectContaining({ name: 'message-body.html', contentType: 'text/html; charset=utf-8' }));
    expect(textFile).toEqual(expect.objectContaining({ name: 'message-body.txt', contentType: 'text/plain; charset=utf-8', sha256: sha256(Buffer.from(text, 'utf8')) }));
    expect((await readBlob(htmlFile?.storageUri ?? '')).toString('utf8')).toContain('注文した商品');
  });

  it('a record that cannot fit even without its body is quarantined with the reason, never handed to Kafka', async () => {
    const references = Array.from({ length: 400 }, (_, index) => `<ref-${index}-${'x'.repeat(60)}@customer.example>`).join(' ');
    const result = await normalize(mailBytes(HEAD, `Subject: refs\r\nReferences: ${references}\r\n\r\nhi\r\n`), { maxRecordBytes: 16 * 1024 });
    expect(result).toEqual({ kind: 'quarantined', code: EmailQuarantineCode.TooLarge, reason: expect.stringMatching(/^the record is \d+ bytes with its body in the blob store, over the limit of 16384 bytes for one Kafka record$/) });
  });
});
