import { BYTES, mailBytes } from '../../fixtures/mail-bytes';
import { repairRootHeaders } from './header-charset-repair.util';

describe('repairRootHeaders', () => {
  it('returns the same buffer when the headers are ASCII or UTF-8 (raw UTF-8, encoded words)', () => {
    const raw = mailBytes('Subject: Gr\xc3\xbc\xc3\x9fe =?utf-8?q?aus_K=C3=B6ln?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nK\xf6ln\r\n');
    expect(repairRootHeaders(raw)).toBe(raw);
  });

  it('rewrites only the legacy header lines as UTF-8 and leaves the body bytes as they were', () => {
    const body = mailBytes(BYTES.gb2312Subject, '\r\n');
    const raw = mailBytes('From: ', BYTES.gb2312Name, ' <z@customer.example>\r\nTo: support@acme.example\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n', body);
    const repaired = repairRootHeaders(raw);
    expect(repaired.subarray(0, repaired.length - body.length).toString('utf8')).toBe('From: 张伟 <z@customer.example>\r\nTo: support@acme.example\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n');
    expect(repaired.subarray(repaired.length - body.length)).toEqual(body);
  });

  it('reads the headers of an LF-only mail up to its first empty line', () => {
    const repaired = repairRootHeaders(mailBytes('Subject: ', BYTES.iso2022JpSubject, '\n\n', BYTES.iso2022JpSubject, '\n'));
    expect(repaired.toString('latin1')).toBe(`Subject: ${Buffer.from('注文について').toString('latin1')}\n\n${BYTES.iso2022JpSubject}\n`);
  });
});
