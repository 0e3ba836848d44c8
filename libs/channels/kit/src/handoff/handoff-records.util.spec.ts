import { InboundMessageV1Schema, type DeliveryStatusV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { deliveryHandoffRecord, inboundHandoffRecord } from './handoff-records.util';

describe('hand-off records', () => {
  it.each(['sms', 'whatsapp', 'telegram', 'messenger', 'chat', 'email'] as const)('make a %s text with a NUL and a lone surrogate storable, still a valid InboundMessage', (channel) => {
    const fixture = INBOUND_FIXTURES[channel];
    const record = inboundHandoffRecord({ ...fixture, text: 'Hel\0lo \ud83d', extras: { ...fixture.extras, 'note\0': 'a\0b' } });
    const value = InboundMessageV1Schema.parse(record.value);
    expect(value.text).toBe('Hello \ufffd');
    expect(value.extras).toEqual(expect.objectContaining({ note: 'ab' }));
    expect(JSON.stringify(record.value)).not.toMatch(/\\u0000/);
  });

  it('keep a clean message as it was, keyed per contact', () => {
    const record = inboundHandoffRecord(INBOUND_FIXTURES.sms);
    expect(record).toEqual({ kind: 'inbound', key: `${INBOUND_FIXTURES.sms.tenantId}:phone:${INBOUND_FIXTURES.sms.sender.identities[0]?.value ?? ''}`, value: INBOUND_FIXTURES.sms });
  });

  it("make a delivery report's provider error storable", () => {
    const status: DeliveryStatusV1Message = {
      schemaVersion: 1,
      statusId: '2b1f0c9e-8d7a-4c6b-9a5f-4e3d2c1b0a99',
      outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      tenantId: 'acme',
      ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
      channel: 'sms',
      provider: 'twilio',
      state: 'failed',
      occurredAt: '2026-12-07T10:00:05Z',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      error: { code: '30003', message: 'Unreachable\0 handset' },
    };
    expect(deliveryHandoffRecord(status)).toEqual({ kind: 'delivery', key: status.outboundId, value: { ...status, error: { code: '30003', message: 'Unreachable handset' } } });
  });
});
