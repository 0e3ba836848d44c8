import { BYTES, mailBytes } from '../../fixtures/mail-bytes';
import { detectLegacyCharset } from './charset-detector.util';
import { repairRootHeaders } from './header-charset-repair.util';
import { decodeLegacyBytes } from './legacy-charset.util';

/** 您好，我上周订购的商品还没有收到，请帮我查一下物流信息。 in GB2312. */
const GB2312_BODY = [
  0xc4, 0xfa, 0xba, 0xc3, 0xa3, 0xac, 0xce, 0xd2, 0xc9, 0xcf, 0xd6, 0xdc, 0xb6, 0xa9, 0xb9, 0xba, 0xb5, 0xc4, 0xc9, 0xcc, 0xc6, 0xb7, 0xbb, 0xb9, 0xc3, 0xbb, 0xd3, 0xd0, 0xca, 0xd5, 0xb5, 0xbd,
  0xa3, 0xac, 0xc7, 0xeb, 0xb0, 0xef, 0xce, 0xd2, 0xb2, 0xe9, 0xd2, 0xbb, 0xcf, 0xc2, 0xce, 0xef, 0xc1, 0xf7, 0xd0, 0xc5, 0xcf, 0xa2, 0xa1, 0xa3,
];

/** 先週注文した商品がまだ届いていません。ご確認をお願いします。 in Shift_JIS. */
const SHIFT_JIS_BODY = [
  0x90, 0xe6, 0x8f, 0x54, 0x92, 0x8d, 0x95, 0xb6, 0x82, 0xb5, 0x82, 0xbd, 0x8f, 0xa4, 0x95, 0x69, 0x82, 0xaa, 0x82, 0xdc, 0x82, 0xbe, 0x93, 0xcd, 0x82, 0xa2, 0x82, 0xc4, 0x82, 0xa2, 0x82, 0xdc,
  0x82, 0xb9, 0x82, 0xf1, 0x81, 0x42, 0x82, 0xb2, 0x8a, 0x6d, 0x94, 0x46, 0x82, 0xf0, 0x82, 0xa8, 0x8a, 0xe8, 0x82, 0xa2, 0x82, 0xb5, 0x82, 0xdc, 0x82, 0xb7, 0x81, 0x42,
];

const any = (): boolean => true;

describe('detectLegacyCharset', () => {
  it('names the charset of a mail with enough CJK text in it', () => {
    expect(detectLegacyCharset(mailBytes('Subject: ', BYTES.gb2312Subject, '\r\n\r\n', GB2312_BODY), any)).toBe('GB18030');
    expect(detectLegacyCharset(mailBytes('Subject: ', BYTES.shiftJisSubject, '\r\n\r\n', SHIFT_JIS_BODY), any)).toBe('Shift_JIS');
  });

  it('does not guess from a few bytes: a short subject alone scores alike in every CJK charset, or as Greek', () => {
    expect(detectLegacyCharset(mailBytes(BYTES.gb2312Subject), any)).toBeUndefined();
    expect(detectLegacyCharset(mailBytes(BYTES.shiftJisSubject), any)).toBeUndefined();
    expect(detectLegacyCharset(mailBytes(BYTES.shiftJisFile), any)).toBeUndefined();
  });

  it('does not take a low-confidence guess for Western text', () => {
    const sample = mailBytes('Subject: ', BYTES.windows1252Subject, '\r\n\r\nHello, the device I bought is ', [0x93], 'broken', [0x94], ' ', [0x96], ' please refund ', [0x80], '20. Jos', [0xe9], '\r\n');
    expect(detectLegacyCharset(sample, any)).toBeUndefined();
  });

  it('keeps nothing the caller refuses (the bytes to decode are not valid in the detected charset)', () => {
    expect(detectLegacyCharset(mailBytes(GB2312_BODY), () => false)).toBeUndefined();
  });
});

describe('decodeLegacyBytes with a detector sample', () => {
  it('decodes a raw GB2312 or Shift_JIS subject by the mail it is in when nothing is declared', () => {
    expect(decodeLegacyBytes(mailBytes(BYTES.gb2312Subject), [], mailBytes(BYTES.gb2312Subject, '\r\n\r\n', GB2312_BODY))).toBe('订单问题');
    expect(decodeLegacyBytes(mailBytes(BYTES.shiftJisSubject), [], mailBytes(BYTES.shiftJisSubject, '\r\n\r\n', SHIFT_JIS_BODY))).toBe('注文について');
  });

  it('keeps windows-1252 when the detected charset cannot decode the bytes without an error', () => {
    // The sample reads as GB18030; a lone 0xE9 at the end is no GB18030 character.
    expect(decodeLegacyBytes(mailBytes('Caf', [0xe9]), [], mailBytes(GB2312_BODY))).toBe('Café');
  });

  it('prefers a declared charset that decodes the bytes to the detector', () => {
    expect(decodeLegacyBytes(mailBytes(BYTES.shiftJisSubject), ['koi8-r'], mailBytes(SHIFT_JIS_BODY))).toBe(new TextDecoder('koi8-r').decode(mailBytes(BYTES.shiftJisSubject)));
  });
});

describe('repairRootHeaders on mails that declare no charset anywhere', () => {
  const mail = (subject: readonly number[], body: readonly number[]): Buffer =>
    mailBytes('From: customer@customer.example\r\nTo: support@acme.example\r\nSubject: ', subject, '\r\nMessage-ID: <raw@customer.example>\r\n\r\n', body, '\r\n');
  const subjectOf = (raw: Buffer): string | undefined => /^Subject: (.*)$/m.exec(repairRootHeaders(raw).toString('utf8'))?.[1]?.replace(/\r$/, '');

  it('decodes a raw GB2312 subject by the detector', () => {
    expect(subjectOf(mail(BYTES.gb2312Subject, GB2312_BODY))).toBe('订单问题');
  });

  it('decodes a raw Shift_JIS subject by the detector', () => {
    expect(subjectOf(mail(BYTES.shiftJisSubject, SHIFT_JIS_BODY))).toBe('注文について');
  });

  it('still decodes a raw windows-1252 subject as windows-1252', () => {
    const body = mailBytes('Hello, the device I bought is ', [0x93], 'broken', [0x94], ' ', [0x96], ' please refund ', [0x80], '20. Jos', [0xe9], ' M', [0xfc], 'ller');
    expect(subjectOf(mail(BYTES.windows1252Subject, [...body]))).toBe('“It’s broken” – €20');
    expect(subjectOf(mail(BYTES.windows1252Subject, []))).toBe('“It’s broken” – €20');
  });
});
