import { matchesDeclaredType } from './content-sniff.util';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('matchesDeclaredType', () => {
  it('accepts content that has the signature of its declared type', () => {
    expect(matchesDeclaredType('image/png', PNG)).toBe(true);
    expect(matchesDeclaredType('application/pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(matchesDeclaredType('text/plain', Buffer.from('Grüße, order 1234'))).toBe(true);
  });

  it('refuses a mismatch, binary declared as text, empty content and types it cannot verify', () => {
    expect(matchesDeclaredType('application/pdf', PNG)).toBe(false);
    expect(matchesDeclaredType('image/jpeg', Buffer.from('MZ\x90\x00'))).toBe(false);
    expect(matchesDeclaredType('text/plain', Buffer.from([0x48, 0x00, 0x49]))).toBe(false);
    expect(matchesDeclaredType('text/plain', Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(matchesDeclaredType('image/png', Buffer.alloc(0))).toBe(false);
    expect(matchesDeclaredType('application/x-msdownload', Buffer.from('MZ'))).toBe(false);
  });
});
