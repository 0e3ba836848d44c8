import type { KafkaMessage } from 'kafkajs';
import { toTailRecord } from './tail-record';

function message(overrides: Partial<KafkaMessage>): KafkaMessage {
  return { key: null, value: null, timestamp: '1765112400000', attributes: 0, offset: '7', headers: {}, ...overrides } as KafkaMessage;
}

describe('toTailRecord', () => {
  it('decodes key and headers as UTF-8 and parses a JSON value', () => {
    const record = toTailRecord('tributary.tickets.v1', 2, message({
      key: Buffer.from('T-0001'),
      value: Buffer.from('{"type":"ticket.created","ticket":{"id":"T-0001"}}'),
      headers: { 'tributary-contract': Buffer.from('TicketEvent'), 'content-type': 'application/json' },
    }));
    expect(record).toEqual({
      topic: 'tributary.tickets.v1',
      partition: 2,
      offset: '7',
      timestamp: '2025-12-07T13:00:00.000Z',
      key: 'T-0001',
      headers: { 'tributary-contract': 'TicketEvent', 'content-type': 'application/json' },
      value: { type: 'ticket.created', ticket: { id: 'T-0001' } },
    });
  });

  it('keeps a value that is not JSON as text, and a tombstone as null', () => {
    expect(toTailRecord('t', 0, message({ value: Buffer.from('plain words') })).value).toBe('plain words');
    expect(toTailRecord('t', 0, message({ value: null })).value).toBeNull();
  });

  it('gives bytes that are not UTF-8 as base64 and says so', () => {
    const record = toTailRecord('t', 0, message({ key: Buffer.from([0xff, 0x00]), value: Buffer.from([0xc3, 0x28]) }));
    expect(record).toMatchObject({ key: '/wA=', keyEncoding: 'base64', value: 'wyg=', valueEncoding: 'base64' });
  });

  it('keeps every value of a header name repeated in one record, in order', () => {
    const record = toTailRecord('t', 0, message({ headers: { 'tributary-redrive': [Buffer.from('1'), Buffer.from('2')], skipped: undefined } }));
    expect(record.headers).toEqual({ 'tributary-redrive': ['1', '2'] });
  });

  it('has no timestamp for a record without one', () => {
    expect(toTailRecord('t', 0, message({ timestamp: '-1' })).timestamp).toBeNull();
  });
});
