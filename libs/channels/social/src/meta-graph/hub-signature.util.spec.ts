import { createHmac } from 'node:crypto';
import { HUB_SIGNATURE_HEADER, hubSignature, isValidHubSignature } from './hub-signature.util';

const SECRET = 'app-secret-0123456789abcdef';
const ROTATED = 'app-secret-fedcba9876543210';
const BODY = Buffer.from('{"object":"whatsapp_business_account","entry":[]}', 'utf8');

describe('hubSignature', () => {
  it('is "sha256=" and the lower-case hex HMAC-SHA256 of the bytes under the app secret', () => {
    const expected = createHmac('sha256', SECRET).update(BODY).digest('hex');
    expect(hubSignature(SECRET, BODY)).toBe(`sha256=${expected}`);
    expect(hubSignature(SECRET, BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('names the header as Node presents it (lower case)', () => {
    expect(HUB_SIGNATURE_HEADER).toBe('x-hub-signature-256');
  });
});

describe('isValidHubSignature', () => {
  const header = hubSignature(SECRET, BODY);

  it('accepts the signature of the exact bytes under the secret', () => {
    expect(isValidHubSignature(header, BODY, [SECRET])).toBe(true);
  });

  it('accepts a signature under any one of several secrets, first or last', () => {
    expect(isValidHubSignature(header, BODY, [ROTATED, SECRET])).toBe(true);
    expect(isValidHubSignature(hubSignature(ROTATED, BODY), BODY, [ROTATED, SECRET])).toBe(true);
  });

  it('refuses a signature under a secret that is not configured', () => {
    expect(isValidHubSignature(hubSignature('someone-elses-secret-000', BODY), BODY, [SECRET, ROTATED])).toBe(false);
  });

  it('refuses every header when no secret is configured', () => {
    expect(isValidHubSignature(header, BODY, [])).toBe(false);
  });

  it('refuses a body changed by one byte', () => {
    const changed = Buffer.from(BODY);
    changed[changed.length - 2] = 0x20;
    expect(isValidHubSignature(header, changed, [SECRET])).toBe(false);
  });

  it('refuses the bare hex without "sha256=", upper-case hex, a truncated digest and an empty header', () => {
    const hex = header.slice('sha256='.length);
    expect(isValidHubSignature(hex, BODY, [SECRET])).toBe(false);
    expect(isValidHubSignature(`sha256=${hex.toUpperCase()}`, BODY, [SECRET])).toBe(false);
    expect(isValidHubSignature(header.slice(0, -1), BODY, [SECRET])).toBe(false);
    expect(isValidHubSignature('', BODY, [SECRET])).toBe(false);
  });
});
