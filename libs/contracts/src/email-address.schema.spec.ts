import fc from 'fast-check';
import { z } from 'zod';
import { EMAIL_ADDRESS_PATTERN, EmailIdentityValueSchema } from './email-address.schema';

const accepts = (value: string) => EmailIdentityValueSchema.safeParse(value).success;

describe('the email identity value', () => {
  it.each([
    ['a plain address', 'jane.doe@example.org'],
    ['a quoted local part with a space', '"john smith"@example.com'],
    ['a quoted local part with escaped quote and backslash', '"john \\"jj\\" \\\\ smith"@example.com'],
    ['a quoted local part holding an @ and dots', '"a@b..c."@example.com'],
    ['every atext character unquoted', "a!#$%&'*+/=?^_`{|}~-z@example.com"],
    ['an internationalized domain (U-label)', 'jane@bücher.example'],
    ['its A-label', 'jane@xn--bcher-kva.example'],
    ['an internationalized top-level domain', 'ivan@пример.рф'],
    ['the trailing dot of an absolute domain', 'jane@example.com.'],
    ['a label ending with a hyphen, which z.email() let through', 'jane@foo-.example.com'],
  ])('accepts %s: %s', (_case, value) => {
    expect(accepts(value)).toBe(true);
  });

  it.each([
    ['capital letters', 'Jane@example.org'],
    ['a capital in a quoted local part', '"John smith"@example.com'],
    ['an unquoted space', 'john smith@example.com'],
    ['an empty quoted local part', '""@example.com'],
    ['an unescaped quote inside quotes', '"a"b"@example.com'],
    ['a lone backslash closing the quotes', '"ab\\"@example.com'],
    ['a dot-atom with two dots in a row', 'john..doe@example.com'],
    ['a leading dot', '.john@example.com'],
    ['a domain of one label', 'root@localhost'],
    ['two trailing dots', 'jane@example.com..'],
    ['a numeric top-level label', 'jane@example.123'],
    ['a domain literal', 'jane@[192.0.2.1]'],
    ['a non-breaking space in the domain', 'jane@exa\u00a0mple.com'],
    ['a line break', 'jane@example.com\n'],
    ['no local part', '@example.com'],
  ])('refuses %s', (_case, value) => {
    expect(accepts(value)).toBe(false);
  });

  it("accepts every address zod's z.email() accepted (v1 stays compatible)", () => {
    // Generated from zod's own pattern, so every form it allowed is tried, not only common ones.
    fc.assert(
      fc.property(fc.stringMatching(z.regexes.email), (address) => {
        expect(EMAIL_ADDRESS_PATTERN.test(address)).toBe(true);
        expect(accepts(address.toLowerCase())).toBe(true);
      }),
      { seed: 20261207, numRuns: 2_000 },
    );
  });

  it('is decided in time linear in its length (no catastrophic backtracking)', () => {
    const hostile = [`"${'\\ '.repeat(20_000)}`, `${'a.'.repeat(20_000)}@`, `a@${'a-'.repeat(20_000)}`, `a@${'a.'.repeat(20_000)}1`];
    const started = process.hrtime.bigint();
    for (const value of hostile) expect(EMAIL_ADDRESS_PATTERN.test(value)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
  });
});
