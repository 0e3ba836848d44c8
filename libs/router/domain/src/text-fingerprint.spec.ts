import { textFingerprint } from './text-fingerprint';

describe('textFingerprint', () => {
  it('is the same for one request written over two channels', () => {
    const email = 'Hello,\n\nmy parcel (order 1234) never arrived!\n> earlier quoted text';
    const chat = 'hello my parcel order 1234 never arrived 😕';
    expect(textFingerprint(email)).toBe(textFingerprint(chat));
  });

  it('differs for different requests', () => {
    expect(textFingerprint('my parcel never arrived, order 1234')).not.toBe(textFingerprint('my parcel never arrived, order 9999'));
  });

  it('is null for texts too short to identify a request', () => {
    expect(textFingerprint('Thanks!')).toBeNull();
    expect(textFingerprint('')).toBeNull();
  });
});
