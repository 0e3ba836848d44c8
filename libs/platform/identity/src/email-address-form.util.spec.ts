import { canonicalEmailAddress } from './email-address-form.util';

describe('canonicalEmailAddress', () => {
  it.each([
    ['Jane.Doe@Example.ORG ', 'jane.doe@example.org'],
    ['jane@example.com.', 'jane@example.com'],
    ['jane@bücher.example', 'jane@xn--bcher-kva.example'],
    ['jane@BÜCHER.example.', 'jane@xn--bcher-kva.example'],
    ['jane@xn--bcher-kva.example', 'jane@xn--bcher-kva.example'],
    ['"jane"@example.com', 'jane@example.com'],
    ['"j\\ane.doe"@example.com', 'jane.doe@example.com'],
    ['"John Smith"@example.com', '"john smith"@example.com'],
    ['"a..b"@example.com', '"a..b"@example.com'],
    ['jane@foo_bar.example', 'jane@foo_bar.example'],
  ])('%s → %s', (written, canonical) => {
    expect(canonicalEmailAddress(written)).toBe(canonical);
  });

  it('leaves every address the contract accepted before exactly as lower-casing did, so no stored contact changes key', () => {
    for (const address of ['jane.doe@example.org', "o'brien+tag@mail.example.co.uk", 'x-y_z@sub-domain.example', 'a@xn--p1ai.xn--e1afmkfd']) {
      expect(canonicalEmailAddress(address)).toBe(address);
    }
  });
});
