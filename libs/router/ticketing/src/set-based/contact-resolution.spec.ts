import { normalizeSender } from '@tributary/platform-identity';
import { ContactResolution, MergeNeededError } from './contact-resolution';

const AT = new Date('2026-11-20T08:00:00Z');
const stored = (contactId: string, kind: string, value: string, verified = false) => ({ tenantId: 'acme', kind, value, contactId, verified, contactCreatedAt: AT });

describe('ContactResolution', () => {
  it('gives a new sender one new contact, shared by their later messages in the batch', () => {
    const contacts = new ContactResolution([]);
    const first = contacts.resolve('acme', normalizeSender([{ kind: 'phone', value: '+4915100000001' }]), 'Ann', AT);
    const again = contacts.resolve('acme', normalizeSender([{ kind: 'whatsapp', value: '+4915100000001' }]), undefined, AT);
    expect(again).toBe(first);
    expect(contacts.newContacts).toEqual([{ id: first, tenantId: 'acme', displayName: 'Ann', createdAt: AT }]);
    // The WhatsApp form of the number is recorded for the same contact.
    expect(contacts.identityWrites().map((w) => `${w.kind}:${w.value}@${w.contactId === first}`)).toEqual(['phone:+4915100000001@true', 'whatsapp:+4915100000001@true']);
  });

  it('writes nothing for a known sender writing again', () => {
    const contacts = new ContactResolution([stored('c1', 'email', 'ann@example.org')]);
    expect(contacts.resolve('acme', normalizeSender([{ kind: 'email', value: 'Ann@Example.org' }]), undefined, AT)).toBe('c1');
    expect(contacts.newContacts).toEqual([]);
    expect(contacts.identityWrites()).toEqual([]);
  });

  it('trusts only the first identity of an unverified sender', () => {
    const contacts = new ContactResolution([stored('c2', 'email', 'bob@example.org')]);
    const id = contacts.resolve('acme', normalizeSender([{ kind: 'phone', value: '+4915100000002' }, { kind: 'email', value: 'bob@example.org' }]), undefined, AT);
    expect(id).not.toBe('c2');
    expect(contacts.identityWrites().map((w) => w.kind)).toEqual(['phone']);
  });

  it('hands a verified sender linking two contacts back for a merge', () => {
    const contacts = new ContactResolution([stored('c1', 'email', 'ann@example.org'), stored('c2', 'phone', '+4915100000003')]);
    const verified = normalizeSender([
      { kind: 'chat-user', value: 'ann-app', verified: true },
      { kind: 'email', value: 'ann@example.org' },
      { kind: 'phone', value: '+4915100000003' },
    ]);
    expect(() => contacts.resolve('acme', verified, undefined, AT)).toThrow(MergeNeededError);
    expect(contacts.newContacts).toEqual([]);
    expect(contacts.identityWrites()).toEqual([]);
  });

  it('keeps tenants apart', () => {
    const contacts = new ContactResolution([stored('c1', 'email', 'ann@example.org')]);
    expect(contacts.resolve('other', normalizeSender([{ kind: 'email', value: 'ann@example.org' }]), undefined, AT)).not.toBe('c1');
  });
});
