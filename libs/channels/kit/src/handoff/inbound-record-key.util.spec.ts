import { inboundRecordKey } from './inbound-record-key.util';

const from = (kind: 'phone' | 'whatsapp' | 'email' | 'telegram', value: string) => ({ tenantId: 'acme', sender: { identities: [{ kind, value }] } });

describe('inboundRecordKey', () => {
  it('gives an SMS and a WhatsApp message from one number the same key', () => {
    expect(inboundRecordKey(from('phone', '+4915112345678'))).toBe(inboundRecordKey(from('whatsapp', '4915112345678')));
  });

  it('keys an email sender by its lower-case address, so case never splits a customer over two partitions', () => {
    expect(inboundRecordKey(from('email', 'Jane@Example.COM'))).toBe('acme:email:jane@example.com');
  });

  it('keeps a stable key for an identity that is not a phone number (a withheld caller id)', () => {
    expect(inboundRecordKey(from('phone', 'anonymous'))).toBe('acme:phone:anonymous');
  });

  it('separates tenants that share a customer', () => {
    expect(inboundRecordKey({ ...from('telegram', '42'), tenantId: 'globex' })).toBe('globex:telegram:42');
  });
});
