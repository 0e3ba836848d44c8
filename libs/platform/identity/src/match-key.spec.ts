import { identitiesSharingMatchKey, identityMatchKey, kindsSharingMatchKey } from './match-key';

describe('identityMatchKey', () => {
  it('gives a phone number and WhatsApp on that number one key, every other kind its own', () => {
    expect(identityMatchKey('whatsapp', '+4915112345678')).toBe(identityMatchKey('phone', '+4915112345678'));
    expect(identityMatchKey('telegram', '42')).not.toBe(identityMatchKey('messenger', '42'));
  });
});

describe('kindsSharingMatchKey', () => {
  it('answers from identityMatchKey: phone and WhatsApp together, the rest alone', () => {
    expect(kindsSharingMatchKey('phone')).toEqual(['phone', 'whatsapp']);
    expect(kindsSharingMatchKey('whatsapp')).toEqual(['phone', 'whatsapp']);
    for (const kind of ['email', 'telegram', 'messenger', 'instagram', 'chat-user'] as const) expect(kindsSharingMatchKey(kind)).toEqual([kind]);
  });
});

describe('identitiesSharingMatchKey', () => {
  it('lists every stored form of one number, and only the identity itself otherwise', () => {
    expect(identitiesSharingMatchKey({ kind: 'whatsapp', value: '+4915112345678' })).toEqual([
      { kind: 'phone', value: '+4915112345678' },
      { kind: 'whatsapp', value: '+4915112345678' },
    ]);
    expect(identitiesSharingMatchKey({ kind: 'email', value: 'jane@example.org' })).toEqual([{ kind: 'email', value: 'jane@example.org' }]);
  });
});
