import { TOPICS } from '@tributary/contracts';
import { JsonLogger } from '@tributary/platform-observability';
import { KafkaJSNonRetriableError, KafkaJSProtocolError, type KafkaMessage, type Message, type ProducerBatch, type RecordMetadata } from 'kafkajs';
import { Registry } from 'prom-client';
import { DeadLetterPublisher, type DeadLetterKafka } from './dead-letter.publisher';
import type { DeadLetter } from './dead-letter.util';
import { KafkaMetrics } from './kafka-metrics';
import { readHeaders } from './record-headers.util';
import { estimateRecordBytes } from './record-size.util';

const source = { topic: TOPICS.inbound, partition: 1 };

/** A broker whose dead-letter topic refuses requests above `limit` bytes, as Kafka checks each batch. */
class RefusingBroker implements DeadLetterKafka {
  readonly requests: Message[][] = [];
  failNext: Error | undefined;

  constructor(private readonly limit: number) {}

  producer(): ReturnType<DeadLetterKafka['producer']> {
    return {
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      sendBatch: (batch: ProducerBatch): Promise<RecordMetadata[]> => {
        const messages = batch.topicMessages?.flatMap((entry) => entry.messages) ?? [];
        if (this.failNext) {
          const error = this.failNext;
          this.failNext = undefined;
          return Promise.reject(error);
        }
        const bytes = 61 + messages.reduce((sum, message) => sum + estimateRecordBytes(message), 0);
        if (bytes > this.limit) {
          // As kafkajs reports it: the protocol error wrapped by its retrier.
          const refused = Object.assign(new KafkaJSProtocolError('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE' });
          return Promise.reject(Object.assign(new KafkaJSNonRetriableError(refused), { cause: refused }));
        }
        this.requests.push(messages);
        return Promise.resolve([]);
      },
    };
  }
}

function deadLetter(offset: number, valueBytes: number, reason = 'InboundMessage v1 is invalid: text: too long'): DeadLetter {
  const message: KafkaMessage = {
    key: Buffer.from('acme:+4915112345678'),
    value: Buffer.alloc(valueBytes, 'x'),
    headers: { 'tributary-contract': Buffer.from('InboundMessage'), 'tributary-contract-version': Buffer.from('1'), 'x-large': Buffer.alloc(2_000, 'h') },
    offset: String(offset),
    timestamp: '1700000000000',
    attributes: 0,
  };
  return { source, message, reason };
}

function setUp(limit: number) {
  const broker = new RefusingBroker(limit);
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({ app: 'test', level: 'info', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const registry = new Registry();
  const publisher = new DeadLetterPublisher(broker, logger, new KafkaMetrics(registry));
  const reduced = async (): Promise<Record<string, number>> => {
    const metric = await registry.getSingleMetric('tributary_kafka_dead_letters_reduced_total')?.get();
    return Object.fromEntries((metric?.values ?? []).map((entry) => [String(entry.labels['written']), entry.value]));
  };
  return { broker, lines, publisher, reduced };
}

describe('DeadLetterPublisher', () => {
  it('sends near-limit dead letters of one batch in requests of their own, small ones together', async () => {
    const { broker, publisher } = setUp(1_048_588 + 64 * 1024);
    await publisher.send(TOPICS.inboundDeadLetter, [deadLetter(1, 1_000), deadLetter(2, 1_040_000), deadLetter(3, 1_040_000), deadLetter(4, 1_000), deadLetter(5, 1_000)], 'router');
    expect(broker.requests.map((request) => request.length)).toEqual([1, 1, 1, 2]);
    // Whole: the original value and headers, plus where it came from.
    const big = broker.requests[1]?.[0];
    expect(big?.value).toHaveLength(1_040_000);
    expect(readHeaders(big?.headers)).toMatchObject({ 'x-large': 'h'.repeat(2_000), 'tributary-dlq-source-offset': '2', 'tributary-dlq-reason': 'InboundMessage v1 is invalid: text: too long' });
  });

  it('sends a truncated copy with what happened when the topic refuses the whole record, logs an error and counts it', async () => {
    const { broker, lines, publisher, reduced } = setUp(1_048_588);
    await publisher.send(TOPICS.inboundDeadLetter, [deadLetter(7, 1_048_000)], 'router');
    expect(broker.requests).toHaveLength(1);
    const copy = broker.requests[0]?.[0];
    expect(copy?.value?.length).toBe(16 * 1024);
    expect(readHeaders(copy?.headers)).toEqual({
      'tributary-contract': 'InboundMessage',
      'tributary-contract-version': '1',
      'tributary-dlq-reason': 'InboundMessage v1 is invalid: text: too long',
      'tributary-dlq-source-topic': TOPICS.inbound,
      'tributary-dlq-source-partition': '1',
      'tributary-dlq-source-offset': '7',
      'tributary-dlq-copy': 'truncated',
      'tributary-dlq-refusal': 'MESSAGE_TOO_LARGE',
      'tributary-dlq-original-value-bytes': '1048000',
    });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', sourceOffset: '7', valueBytes: 1_048_000, refusal: 'MESSAGE_TOO_LARGE', copy: 'truncated' }));
    expect(await reduced()).toEqual({ truncated: 1 });
  });

  it('splits a refused request and reduces only the records refused alone', async () => {
    const { broker, publisher, reduced } = setUp(400_000);
    // The first two share a request (about 505 kB, under the budget), which this topic refuses.
    await publisher.send(TOPICS.inboundDeadLetter, [deadLetter(1, 250_000), deadLetter(2, 250_000), deadLetter(3, 450_000)], 'router');
    expect(broker.requests.map((request) => request.map((message) => readHeaders(message.headers)['tributary-dlq-copy'] ?? 'whole'))).toEqual([['whole'], ['whole'], ['truncated']]);
    expect(await reduced()).toEqual({ truncated: 1 });
  });

  it('falls back to a bare copy, then to an error log alone, and never throws for a refused record', async () => {
    const bare = setUp(1_000);
    await bare.publisher.send(TOPICS.inboundDeadLetter, [deadLetter(9, 50_000)], 'router');
    expect(bare.broker.requests[0]?.[0]?.value).toBeNull();
    expect(readHeaders(bare.broker.requests[0]?.[0]?.headers)['tributary-dlq-copy']).toBe('bare');

    const none = setUp(100);
    await expect(none.publisher.send(TOPICS.inboundDeadLetter, [deadLetter(10, 50_000)], 'router')).resolves.toBeUndefined();
    expect(none.broker.requests).toEqual([]);
    expect(none.lines).toContainEqual(expect.objectContaining({ level: 'error', sourceOffset: '10', msg: expect.stringContaining('bare copy') }));
    expect(await none.reduced()).toEqual({ none: 1 });
  });

  it('throws when the broker fails for another reason, so the consumer commits nothing', async () => {
    const { broker, publisher } = setUp(1_048_588);
    broker.failNext = Object.assign(new KafkaJSProtocolError('Not authorized to access topics'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    await expect(publisher.send(TOPICS.inboundDeadLetter, [deadLetter(1, 10)], 'router')).rejects.toThrow('Not authorized');
  });
});
