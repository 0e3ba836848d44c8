import { TOPICS } from '@tributary/contracts';
import { parseDeadLetterId, formatDeadLetterId } from './dead-letter-id.util';
import { matchesDeadLetterFilter, parseDeadLetterFilter } from './dead-letter-filter.util';
import { DeadLetterErrorCode } from './dead-letter-operation.error';
import type { DeadLetterRecord } from './dead-letter-record';

/** The error an action throws, to match its code and message. */
function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('it did not throw');
}

const NOW = new Date('2026-12-07T12:00:00.000Z');

function record(changes: Partial<DeadLetterRecord> = {}): DeadLetterRecord {
  return {
    topic: TOPICS.inboundDeadLetter,
    id: { partition: 1, offset: 7n },
    timestamp: new Date('2026-12-07T10:00:00.000Z'),
    reason: 'Tenant ACME is on hold',
    source: { topic: TOPICS.inbound, partition: 2, offset: '40' },
    key: Buffer.from('acme:+4915112345678'),
    value: Buffer.from('{}'),
    originalHeaders: {},
    reduced: undefined,
    ...changes,
  };
}

describe('dead-letter ids', () => {
  it('read <partition>:<offset> and write it back', () => {
    expect(parseDeadLetterId(' 3:1042 ')).toEqual({ partition: 3, offset: 1042n });
    expect(formatDeadLetterId({ partition: 0, offset: 9_007_199_254_740_993n })).toBe('0:9007199254740993');
  });

  it.each(['', '3', '3:', ':4', '-1:4', '3:-4', '3:4:5', 'a:b', '3:99999999999999999999', '3:9223372036854775808'])('refuse %p naming it', (text) => {
    expect(errorOf(() => parseDeadLetterId(text))).toMatchObject({ code: DeadLetterErrorCode.InvalidId });
  });
});

describe('dead-letter filters', () => {
  it('read ISO times, dates and ages; leave out what is blank', () => {
    expect(parseDeadLetterFilter({ source: ` ${TOPICS.inbound} `, reason: ' on hold ', since: '2026-12-07', until: '2026-12-07T11:30:00+01:00' }, NOW)).toEqual({
      sourceTopic: TOPICS.inbound,
      reason: 'on hold',
      since: new Date('2026-12-07T00:00:00.000Z'),
      until: new Date('2026-12-07T10:30:00.000Z'),
    });
    expect(parseDeadLetterFilter({ since: '90m', until: '1h' }, NOW)).toEqual({ since: new Date('2026-12-07T10:30:00.000Z'), until: new Date('2026-12-07T11:00:00.000Z') });
    expect(parseDeadLetterFilter({ source: '', reason: '  ', since: undefined }, NOW)).toEqual({});
  });

  it.each([
    ['since', { since: 'yesterday' }],
    ['since', { since: '2026-02-30' }],
    ['until', { until: '2026-12-07T10:00:00' }],
    ['until', { until: '12h ago' }],
    ['after until', { since: '2026-12-08', until: '2026-12-07' }],
  ])('refuse a bad %s, naming it', (field, input) => {
    expect(errorOf(() => parseDeadLetterFilter(input, NOW))).toMatchObject({ code: DeadLetterErrorCode.InvalidFilter, message: expect.stringContaining(field.split(' ')[0] ?? field) });
  });

  it('match on the source topic exactly, a part of the reason ignoring case, and a closed time range', () => {
    const dead = record();
    expect(matchesDeadLetterFilter(dead, {})).toBe(true);
    expect(matchesDeadLetterFilter(dead, { sourceTopic: TOPICS.inbound, reason: 'acme IS ON', since: dead.timestamp, until: dead.timestamp })).toBe(true);
    expect(matchesDeadLetterFilter(dead, { sourceTopic: TOPICS.delivery })).toBe(false);
    expect(matchesDeadLetterFilter(record({ source: { topic: undefined, partition: undefined, offset: undefined } }), { sourceTopic: TOPICS.inbound })).toBe(false);
    expect(matchesDeadLetterFilter(dead, { reason: 'unknown outbound' })).toBe(false);
    expect(matchesDeadLetterFilter(dead, { since: new Date(dead.timestamp.getTime() + 1) })).toBe(false);
    expect(matchesDeadLetterFilter(dead, { until: new Date(dead.timestamp.getTime() - 1) })).toBe(false);
  });
});
