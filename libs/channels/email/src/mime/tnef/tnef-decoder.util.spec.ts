import { ATT, TnefStreamBuilder, compressRtfAsLiterals, cString, mapiBinary, mapiBlock, u32 } from '../../../fixtures/tnef/tnef-stream.builder';
import { WINMAIL_FILES, bodyOnlyTnef, outlookAttachmentsTnef, rtfOnlyTnef } from '../../../fixtures/tnef/winmail-fixtures';
import { decompressRtf } from './compressed-rtf.util';
import { decodeTnef } from './tnef-decoder.util';
import { TnefFormatError } from './tnef-format.error';
import { DEFAULT_TNEF_LIMITS } from './tnef-limits';

/** Decoding either succeeds or says the stream is bad; any other error would be a crash. */
function outcome(bytes: Buffer): 'decoded' | 'refused' {
  try {
    decodeTnef(bytes);
    return 'decoded';
  } catch (error) {
    if (error instanceof TnefFormatError) return 'refused';
    throw error;
  }
}

describe('TNEF decoder', () => {
  it('reads attachments from attAttachTitle/attAttachData and from MAPI properties, preferring the long file name', () => {
    const decoded = decodeTnef(outlookAttachmentsTnef());
    expect(decoded.attachments.map((file) => [file.name, file.data.length, file.mimeType])).toEqual([
      ['Vertrag März 2026.pdf', WINMAIL_FILES.contractPdf.length, undefined],
      ['site photo.jpg', WINMAIL_FILES.sitePhotoJpg.length, 'image/jpeg'],
      ['notes.txt', WINMAIL_FILES.notesTxt.length, undefined],
    ]);
    expect(decoded.attachments[1]?.data.equals(WINMAIL_FILES.sitePhotoJpg)).toBe(true);
    expect(decompressRtf(decoded.rtfCompressed ?? Buffer.alloc(0), 1024).toString('latin1')).toBe('{\\rtf1\\ansi Please find the signed contract attached.\\par}');
    expect(decoded.skipped).toEqual([]);
  });

  it('reads attBody, PR_BODY_HTML in its PR_INTERNET_CPID, and names what it skipped', () => {
    const decoded = decodeTnef(bodyOnlyTnef());
    expect(decoded.text).toBe('Hello,\r\nthe invoice for order 5521 is attached. The total looks wrong.\r\nHans');
    expect(decoded.html).toContain('looks <b>wrong</b>');
    expect(decoded.skipped).toEqual(['attachment 2 (Bestellung 5521): an embedded message or OLE object']);
  });

  it('keeps the RTF body compressed, to be expanded only if the mail needs it', () => {
    expect(decompressRtf(decodeTnef(rtfOnlyTnef()).rtfCompressed ?? Buffer.alloc(0), 1024).equals(WINMAIL_FILES.rtfBody)).toBe(true);
  });

  it('does not expand the RTF body while decoding: one that would fail is not even looked at', () => {
    const damaged = compressRtfAsLiterals(Buffer.from('{\\rtf1 hello}', 'latin1'));
    damaged.writeUInt32LE(16 * 1024 * 1024, 4); // a 16 MB claim that expanding would refuse
    const stream = new TnefStreamBuilder().preamble().message(ATT.mapiProps, mapiBlock([mapiBinary(0x1009, damaged)])).build();
    const decoded = decodeTnef(stream);
    expect(decoded.skipped).toEqual([]);
    expect(decoded.rtfCompressed?.equals(damaged)).toBe(true);
  });

  it('decodes attAttachTitle in the stream code page', () => {
    const cp1252 = new TnefStreamBuilder()
      .preamble()
      .attachment(ATT.attachRendData, Buffer.alloc(14))
      .attachment(ATT.attachTitle, Buffer.concat([Buffer.from('Pr\xfcfbericht \x80.pdf', 'latin1'), Buffer.from([0])]))
      .attachment(ATT.attachData, Buffer.from('x'))
      .build();
    expect(decodeTnef(cp1252).attachments[0]?.name).toBe('Prüfbericht €.pdf');
  });

  it('refuses a stream without the signature', () => {
    expect(() => decodeTnef(Buffer.from('PK\x03\x04 not tnef at all', 'latin1'))).toThrow(new TnefFormatError('not a TNEF stream (bad signature)'));
  });

  it('refuses every truncation of a real stream, never crashing', () => {
    const whole = bodyOnlyTnef();
    const outcomes = new Set<string>();
    for (let length = 0; length < whole.length; length += 1) {
      const result = outcome(whole.subarray(0, length));
      // A cut exactly between two attributes is a shorter valid stream; anywhere else it is refused.
      outcomes.add(result);
    }
    expect(outcomes.has('refused')).toBe(true);
    expect(outcome(whole.subarray(0, whole.length - 1))).toBe('refused');
  });

  it('refuses a changed byte by its attribute checksum', () => {
    const damaged = Buffer.from(outlookAttachmentsTnef());
    damaged[200] = (damaged[200] ?? 0) ^ 0xff;
    expect(() => decodeTnef(damaged)).toThrow(/checksum mismatch/);
  });

  it('survives thousands of random corruptions: each one is decoded or refused, quickly', () => {
    const original = outlookAttachmentsTnef();
    let seed = 7;
    const random = (below: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % below;
    };
    const started = Date.now();
    for (let round = 0; round < 3000; round += 1) {
      const bytes = Buffer.from(original);
      for (let flips = 1 + random(4); flips > 0; flips -= 1) bytes[random(bytes.length)] = random(256);
      outcome(bytes.subarray(0, bytes.length - random(40)));
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a property block claiming billions of properties, or values, before reading them', () => {
    const props = new TnefStreamBuilder().preamble().message(ATT.mapiProps, u32(0xffffffff)).build();
    expect(() => decodeTnef(props)).toThrow(/claims 4294967295 properties/);
    const values = new TnefStreamBuilder()
      .preamble()
      .message(ATT.mapiProps, Buffer.concat([u32(1), Buffer.from([0x1f, 0x00, 0x00, 0x10]), u32(0x7fffffff), u32(4), Buffer.alloc(4)]))
      .build();
    expect(() => decodeTnef(values)).toThrow(/values cannot fit/);
  });

  it('refuses more attachments than the limit', () => {
    const builder = new TnefStreamBuilder().preamble();
    for (let index = 0; index <= DEFAULT_TNEF_LIMITS.maxAttachments; index += 1) builder.attachment(ATT.attachRendData, Buffer.alloc(14)).attachment(ATT.attachTitle, cString(`f${index}.txt`));
    expect(() => decodeTnef(builder.build())).toThrow(`more than ${DEFAULT_TNEF_LIMITS.maxAttachments} attachments`);
  });

  it('an attachment with no data is named as skipped', () => {
    const stream = new TnefStreamBuilder().preamble().attachment(ATT.attachRendData, Buffer.alloc(14)).attachment(ATT.attachment, mapiBlock([])).build();
    expect(decodeTnef(stream)).toMatchObject({ attachments: [], skipped: ['attachment 1: no data'] });
  });
});
