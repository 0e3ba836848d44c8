import { TOPICS } from '@tributary/contracts';
import type { KafkaMessage } from 'kafkajs';
import { toDeadLetterMessage } from './dead-letter.util';
import { readHeaders } from './record-headers.util';

describe('toDeadLetterMessage', () => {
  it('keeps key, value, headers and timestamp, and adds the reason and the source position', () => {
    const message: KafkaMessage = {
      key: Buffer.from('acme:x'),
      value: Buffer.from('{"not":"a message"}'),
      headers: { 'tributary-trace-id': Buffer.from('abc') },
      offset: '42',
      timestamp: '1700000000000',
      attributes: 0,
    };
    const copy = toDeadLetterMessage({ topic: TOPICS.inbound, partition: 3 }, message, 'é'.repeat(5_000));
    expect(copy).toMatchObject({ key: message.key, value: message.value, timestamp: '1700000000000' });
    expect(readHeaders(copy.headers)).toEqual({
      'tributary-trace-id': 'abc',
      'tributary-dlq-reason': 'é'.repeat(4_000),
      'tributary-dlq-source-topic': TOPICS.inbound,
      'tributary-dlq-source-partition': '3',
      'tributary-dlq-source-offset': '42',
    });
  });
});
