import { HEADERS, TOPICS } from '@tributary/contracts';
import type { DeadLetter } from '../dead-letter.util';
import { toDeadLetterMessage } from '../dead-letter.util';
import { REDUCED_DEAD_LETTER_HEADERS } from '../reduced-dead-letter-headers';
import { toReducedDeadLetterMessage } from '../reduced-dead-letter.util';
import { readHeaders } from '../record-headers.util';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { DeadLetterErrorCode } from './dead-letter-operation.error';
import { toDeadLetterRecord } from './dead-letter-record';
import { redriveTarget, toRedriveMessage } from './dead-letter-redrive.util';
import { deadLetterDetailView } from './dead-letter-view';

/** The error an action throws, to match its code and message. */
function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('it did not throw');
}

const REDRIVE = { at: new Date('2026-12-07T12:00:00.000Z'), by: 'ops-alice' };

const original: KafkaMessage = {
  key: Buffer.from('acme:+4915112345678'),
  value: Buffer.from('{"messageId":"m-1"}'),
  headers: {
    [HEADERS.contract]: Buffer.from('InboundMessage'),
    [HEADERS.contractVersion]: Buffer.from('1'),
    [HEADERS.traceId]: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736'),
    'x-binary': Buffer.from([0xff, 0x00, 0xfe]),
  },
  offset: '40',
  timestamp: '1796630400000',
  attributes: 0,
};

/** What the consumer reads back of a dead letter the router wrote: headers as Buffers, at a dead-letter offset. */
function consumed(message: Message, offset = '7'): KafkaMessage {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = typeof value === 'string' ? Buffer.from(value) : value;
  return { key: message.key as Buffer, value: (message.value as Buffer | null) ?? null, headers, offset, timestamp: String(message.timestamp ?? '1796630460000'), attributes: 0 };
}

const deadLetter: DeadLetter = { source: { topic: TOPICS.inbound, partition: 2 }, message: original, reason: 'tenant acme is on hold' };

describe('a dead letter read back', () => {
  const record = toDeadLetterRecord(TOPICS.inboundDeadLetter, 1, consumed(toDeadLetterMessage(deadLetter.source, original, deadLetter.reason)));

  it('names its position, reason and source, and keeps the original key, value and headers apart from the tributary-dlq-* ones', () => {
    expect(record).toMatchObject({
      topic: TOPICS.inboundDeadLetter,
      id: { partition: 1, offset: 7n },
      timestamp: new Date(1796630400000),
      reason: 'tenant acme is on hold',
      source: { topic: TOPICS.inbound, partition: 2, offset: '40' },
      reduced: undefined,
    });
    expect(record.key?.equals(original.key as Buffer)).toBe(true);
    expect(record.value?.equals(original.value as Buffer)).toBe(true);
    expect(Object.keys(record.originalHeaders).sort()).toEqual(Object.keys(original.headers ?? {}).sort());
  });

  it('goes back to its source topic byte for byte, with the re-drive headers added', () => {
    expect(redriveTarget(record)).toBe(TOPICS.inbound);
    const message = toRedriveMessage(record, REDRIVE);
    expect(message.key).toEqual(original.key);
    expect(message.value).toEqual(original.value);
    expect(message.timestamp).toBeUndefined();
    expect((message.headers?.['x-binary'] as Buffer).equals(Buffer.from([0xff, 0x00, 0xfe]))).toBe(true);
    expect(readHeaders(message.headers)).toEqual({
      ...readHeaders(original.headers),
      'tributary-redriven-from': `${TOPICS.inboundDeadLetter}/1:7`,
      'tributary-redriven-at': '2026-12-07T12:00:00.000Z',
      'tributary-redriven-by': 'ops-alice',
    });
  });

  it('replaces the headers of an earlier re-drive when dead-lettered and re-driven again', () => {
    const again = consumed(toDeadLetterMessage({ topic: TOPICS.inbound, partition: 2 }, consumed(toRedriveMessage(record, REDRIVE), '41'), 'still on hold'), '9');
    const second = toDeadLetterRecord(TOPICS.inboundDeadLetter, 1, again);
    expect(deadLetterDetailView(second).redrivenFrom).toBe(`${TOPICS.inboundDeadLetter}/1:7`);
    const headers = readHeaders(toRedriveMessage(second, { at: new Date('2026-12-08T00:00:00.000Z'), by: 'cli:bob@ops' }).headers);
    expect(headers).toMatchObject({ 'tributary-redriven-from': `${TOPICS.inboundDeadLetter}/1:9`, 'tributary-redriven-at': '2026-12-08T00:00:00.000Z', 'tributary-redriven-by': 'cli:bob@ops' });
    expect(Object.keys(headers).filter((name) => name.startsWith('tributary-dlq-'))).toEqual([]);
  });

  it('shows its value as text when it is UTF-8, and always as base64', () => {
    expect(deadLetterDetailView(record)).toMatchObject({ id: '1:7', value: '{"messageId":"m-1"}', valueBase64: Buffer.from('{"messageId":"m-1"}').toString('base64'), valueBytes: 19, redrivenFrom: null, reduced: null });
    const binary = toDeadLetterRecord(TOPICS.inboundDeadLetter, 1, { ...consumed(toDeadLetterMessage(deadLetter.source, original, 'x')), value: Buffer.from([0xc3, 0x28]) });
    expect(deadLetterDetailView(binary)).toMatchObject({ value: null, valueBase64: 'wyg=' });
  });
});

describe('a dead letter that may not go back as it is', () => {
  it('is refused when it names no source topic, another topic, or a dead-letter topic', () => {
    for (const topic of [undefined, 'someone.elses.topic', TOPICS.inboundDeadLetter]) {
      const message = toDeadLetterMessage({ topic: topic ?? '', partition: 0 }, original, 'x');
      if (topic === undefined) delete message.headers?.[HEADERS.deadLetterSourceTopic];
      const record = toDeadLetterRecord(TOPICS.inboundDeadLetter, 0, consumed(message));
      expect(errorOf(() => redriveTarget(record))).toMatchObject({ code: DeadLetterErrorCode.NotRedrivable });
    }
  });

  it('is a reduced copy: sent back only with the original read at its source offset', () => {
    const reduced = toDeadLetterRecord(TOPICS.inboundDeadLetter, 0, consumed(toReducedDeadLetterMessage(deadLetter.source, original, 'too big', 'truncated', 'MESSAGE_TOO_LARGE')));
    expect(reduced.reduced).toEqual({ copy: 'truncated', refusal: 'MESSAGE_TOO_LARGE', originalValueBytes: original.value?.length });
    expect(reduced.originalHeaders[REDUCED_DEAD_LETTER_HEADERS.copy]).toBeUndefined();
    expect(errorOf(() => toRedriveMessage(reduced, REDRIVE))).toMatchObject({ code: DeadLetterErrorCode.NotRedrivable, message: expect.stringContaining(`${TOPICS.inbound} partition 2 offset 40`) });
    const message = toRedriveMessage(reduced, REDRIVE, original);
    expect(message.value).toEqual(original.value);
    expect((message.headers?.['x-binary'] as Buffer).equals(Buffer.from([0xff, 0x00, 0xfe]))).toBe(true);
  });
});
