import { IdentityNormalizationError, normalizeIdentity, normalizeSender } from './identity-normalizer';

describe('normalizeIdentity', () => {
  it('gives SMS, call and WhatsApp identities of one number the same match key', () => {
    const sms = normalizeIdentity({ kind: 'phone', value: '+4915112345678' });
    const whatsapp = normalizeIdentity({ kind: 'whatsapp', value: '4915112345678' });
    expect(sms.matchKey).toBe('phone:+4915112345678');
    expect(whatsapp).toMatchObject({ kind: 'whatsapp', value: '+4915112345678', matchKey: 'phone:+4915112345678' });
  });

  it('reads a national number with the tenant’s default region', () => {
    expect(normalizeIdentity({ kind: 'phone', value: '0151 1234 5678' }, 'DE').value).toBe('+4915112345678');
  });

  it('refuses a number that cannot exist, saying which', () => {
    expect(() => normalizeIdentity({ kind: 'phone', value: '+12' })).toThrow(IdentityNormalizationError);
    expect(() => normalizeIdentity({ kind: 'phone', value: '+12' })).toThrow('phone identity "+12" cannot be normalized');
  });

  it('lower-cases email addresses', () => {
    expect(normalizeIdentity({ kind: 'email', value: 'Jane.Doe@Example.ORG ' })).toMatchObject({ value: 'jane.doe@example.org', matchKey: 'email:jane.doe@example.org' });
  });

  it('gives the forms of one mailbox one match key: trailing dot, U-label and A-label, needless quotes', () => {
    const keys = ['jane@bücher.example.', 'jane@xn--bcher-kva.example', '"jane"@bücher.example'].map((value) => normalizeIdentity({ kind: 'email', value }).matchKey);
    expect(new Set(keys)).toEqual(new Set(['email:jane@xn--bcher-kva.example']));
    expect(normalizeIdentity({ kind: 'email', value: '"john smith"@example.com' }).matchKey).toBe('email:"john smith"@example.com');
  });

  it('trusts a WhatsApp business-scoped user id as vouched for, so it joins the number WhatsApp sent it with', () => {
    expect(normalizeIdentity({ kind: 'whatsapp-user', value: 'US.13491208655302741918' })).toEqual({
      kind: 'whatsapp-user',
      value: 'US.13491208655302741918',
      verified: true,
      matchKey: 'whatsapp-user:US.13491208655302741918',
    });
  });

  it('keeps the verification of a chat user', () => {
    expect(normalizeIdentity({ kind: 'chat-user', value: 'user-981', verified: true }).verified).toBe(true);
  });
});

describe('normalizeSender', () => {
  it('drops repeats that differ only in form, keeping the verified one', () => {
    const identities = normalizeSender([
      { kind: 'email', value: 'jane@example.org' },
      { kind: 'email', value: 'JANE@example.org' },
      { kind: 'chat-user', value: 'u1', verified: false },
      { kind: 'chat-user', value: 'u1', verified: true },
    ]);
    expect(identities.map((identity) => [identity.matchKey, identity.verified])).toEqual([
      ['email:jane@example.org', false],
      ['chat-user:u1', true],
    ]);
  });
});
