import { formatTailJson, formatTailReadable } from './tail-format';
import type { TailRecord } from './tail-record';

const RECORD: TailRecord = {
  topic: 'tributary.tickets.v1',
  partition: 2,
  offset: '41',
  timestamp: '2025-12-07T13:00:00.000Z',
  key: 'T-0001',
  headers: { 'tributary-contract': 'TicketEvent', 'tributary-contract-version': '1' },
  value: { type: 'ticket.created', ticket: { id: 'T-0001' } },
};

describe('formatTailJson', () => {
  it('writes one line of JSON, fields in a fixed order', () => {
    expect(formatTailJson(RECORD)).toBe(
      '{"topic":"tributary.tickets.v1","partition":2,"offset":"41","timestamp":"2025-12-07T13:00:00.000Z","key":"T-0001",' +
        '"headers":{"tributary-contract":"TicketEvent","tributary-contract-version":"1"},"value":{"type":"ticket.created","ticket":{"id":"T-0001"}}}\n',
    );
  });
});

describe('formatTailReadable', () => {
  it('prints a heading, the key, each header and the value pretty-printed, then a blank line', () => {
    expect(formatTailReadable(RECORD)).toBe(
      [
        '── tributary.tickets.v1  partition 2  offset 41  2025-12-07T13:00:00.000Z',
        'key      T-0001',
        'headers  tributary-contract: TicketEvent',
        '         tributary-contract-version: 1',
        'value    {',
        '           "type": "ticket.created",',
        '           "ticket": {',
        '             "id": "T-0001"',
        '           }',
        '         }',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says what is missing or encoded', () => {
    const text = formatTailReadable({ ...RECORD, timestamp: null, key: null, headers: { hop: ['a', 'b'] }, value: null });
    expect(text).toContain('offset 41  (no timestamp)\nkey      (none)\nheaders  hop: a\n         hop: b\nvalue    (none: a tombstone)\n');
    expect(formatTailReadable({ ...RECORD, headers: {}, key: '/wA=', keyEncoding: 'base64', value: 'wyg=', valueEncoding: 'base64' })).toContain(
      'key      (base64) /wA=\nheaders  (none)\nvalue    (base64) wyg=\n',
    );
    expect(formatTailReadable({ ...RECORD, value: 'line one\nline two' })).toContain('value    line one\n         line two\n');
  });
});
