import { hashApiKey, parseApiKeyConfig } from './api-keys.util';

describe('API key configuration', () => {
  it('maps each key digest to its tenant, several keys per tenant', () => {
    const a1 = hashApiKey('key-a-1');
    const a2 = hashApiKey('key-a-2');
    const b = hashApiKey('key-b');
    const keys = parseApiKeyConfig(`acme=${a1}, acme=${a2},globex=${b}`);
    expect(keys.get(hashApiKey('key-a-2'))).toBe('acme');
    expect(keys.get(b)).toBe('globex');
    expect(keys.get(hashApiKey('guess'))).toBeUndefined();
  });

  it('refuses a plain key instead of a digest, naming the entry', () => {
    expect(() => parseApiKeyConfig('acme=secret-key')).toThrow('"acme=secret-key" is not tenant=<sha256 hex of the key>');
  });
});
