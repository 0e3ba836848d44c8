import { rawHeaderValue, rootHeaderBlockEnd } from './raw-header-block.util';

describe('rawHeaderValue', () => {
  it('reads a folded top-level header from the bytes, never from the body', () => {
    const raw = Buffer.from('Subject: x\r\nMessage-ID:\r\n <id-1@customer.example>\r\n\r\nMessage-ID: <body@x>\r\n');
    expect(rawHeaderValue(raw, 'message-id')).toBe('<id-1@customer.example>');
    expect(rawHeaderValue(raw, 'in-reply-to')).toBeUndefined();
  });

  it('finds the end of the headers with either line ending', () => {
    expect(rootHeaderBlockEnd(Buffer.from('A: 1\nB: 2\n\nbody'))).toBe(10);
    expect(rootHeaderBlockEnd(Buffer.from('A: 1\r\n\r\nbody'))).toBe(6);
    expect(rootHeaderBlockEnd(Buffer.from('A: 1'))).toBe(4);
  });
});
