import { countMimeParts } from './mime-part-guard.util';

describe('countMimeParts', () => {
  it('counts Content-Type header lines, including one at the very start', () => {
    expect(countMimeParts(Buffer.from('Content-Type: multipart/mixed\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\ncontent-type: text/html\r\n', 'latin1'))).toBe(3);
  });

  it('counts a header line that straddles two of its 64 KiB slices once', () => {
    const padding = 'x'.repeat(64 * 1024 - 6);
    expect(countMimeParts(Buffer.from(`${padding}\r\nContent-Type: text/plain\r\n`, 'latin1'))).toBe(1);
  });

  it('does not count Content-Type in the middle of a line', () => {
    expect(countMimeParts(Buffer.from('Subject: about Content-Type: headers\r\n\r\nbody', 'latin1'))).toBe(0);
  });
});
