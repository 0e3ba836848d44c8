import { BYTES, mailBytes } from '../../fixtures/mail-bytes';
import { decodeLegacyBytes, isLegacyEncoded } from './legacy-charset.util';

describe('decodeLegacyBytes', () => {
  it('reads ISO-2022-JP by its escape sequences, whatever the mail declares', () => {
    expect(decodeLegacyBytes(mailBytes(BYTES.iso2022JpSubject), ['windows-1252'])).toBe('注文について');
  });

  it('keeps valid UTF-8 as UTF-8 before any declared charset', () => {
    expect(decodeLegacyBytes(Buffer.from('Grüße', 'utf8'), ['iso-8859-1'])).toBe('Grüße');
  });

  it('takes the first declared charset that decodes the bytes, skipping unknown labels and ASCII', () => {
    expect(decodeLegacyBytes(mailBytes(BYTES.gb2312Subject), ['us-ascii', 'x-no-such-charset', 'gb2312'])).toBe('订单问题');
    expect(decodeLegacyBytes(mailBytes(BYTES.shiftJisSubject), ['Shift_JIS'])).toBe('注文について');
  });

  it("falls back to windows-1252 with its C1 range (Node 20's TextDecoder reads it as ISO-8859-1)", () => {
    expect(decodeLegacyBytes(mailBytes(BYTES.windows1252Subject), [])).toBe('“It’s broken” – €20');
    expect(decodeLegacyBytes(mailBytes([0x93, 0x81, 0x94]), ['iso-8859-1'])).toBe('“\u0081”');
  });
});

describe('isLegacyEncoded', () => {
  it('is true for 8-bit bytes that are not UTF-8 and for ISO-2022-JP escapes, false for ASCII and UTF-8', () => {
    expect([mailBytes(BYTES.gb2312Name), mailBytes(BYTES.iso2022JpFile), Buffer.from('plain ascii'), Buffer.from('Müller', 'utf8')].map(isLegacyEncoded)).toEqual([true, true, false, false]);
  });
});
