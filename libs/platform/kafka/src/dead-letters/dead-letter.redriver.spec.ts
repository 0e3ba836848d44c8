import { HEADERS, TOPICS, type TopicName } from '@tributary/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { toDeadLetterMessage } from '../dead-letter.util';
import { readHeaders } from '../record-headers.util';
import { toReducedDeadLetterMessage } from '../reduced-dead-letter.util';
import type { DeadLetterId } from './dead-letter-id.util';
import type { DeadLetterFilter } from './dead-letter-filter.util';
import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';
import { toDeadLetterRecord, type DeadLetterRecord } from './dead-letter-record';
import { DeadLetterRedriver } from './dead-letter.redriver';

const AT = new Date('2026-12-07T12:00:00.000Z');

function original(offset: number, valueBytes = 20): KafkaMessage {
  return {
    key: Buffer.from(`acme:${offset}`),
    value: Buffer.alloc(valueBytes, 'v'),
    headers: { [HEADERS.contract]: Buffer.from('InboundMessage') },
    offset: String(offset),
    timestamp: '1796630400000',
    attributes: 0,
  };
}

function asConsumed(message: Message, offset: number): KafkaMessage {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = typeof value === 'string' ? Buffer.from(value) : value;
  return { key: message.key as Buffer, value: (message.value as Buffer | null) ?? null, headers, offset: String(offset), timestamp: '1796630460000', attributes: 0 };
}

function deadLetter(offset: number, sourceTopic: string = TOPICS.inbound, valueBytes = 20): DeadLetterRecord {
  return toDeadLetterRecord(TOPICS.inboundDeadLetter, 0, asConsumed(toDeadLetterMessage({ topic: sourceTopic, partition: 1 }, original(offset, valueBytes), 'on hold'), offset));
}

function reducedDeadLetter(offset: number): DeadLetterRecord {
  return toDeadLetterRecord(TOPICS.inboundDeadLetter, 0, asConsumed(toReducedDeadLetterMessage({ topic: TOPICS.inbound, partition: 1 }, original(offset), 'too big', 'bare', 'MESSAGE_TOO_LARGE'), offset));
}

/** A dead-letter topic in memory, and the source topic's retained records (the originals of reduced copies). */
class FakeReader {
  readonly originals = new Map<string, KafkaMessage>();
  constructor(private readonly records: DeadLetterRecord[]) {}

  get(ids: readonly DeadLetterId[]): Promise<DeadLetterRecord[]> {
    return Promise.resolve(
      ids.map((id) => {
        const found = this.records.find((record) => record.id.partition === id.partition && record.id.offset === id.offset);
        if (!found) throw new DeadLetterOperationError(DeadLetterErrorCode.NotFound, 'none');
        return found;
      }),
    );
  }

  async scan(_filter: DeadLetterFilter, onMatches: (records: readonly DeadLetterRecord[]) => Promise<void> | void): Promise<{ scanned: number; matched: number }> {
    await onMatches(this.records);
    return { scanned: this.records.length, matched: this.records.length };
  }

  readAt(_topic: string, positions: readonly DeadLetterId[]): Promise<Map<string, KafkaMessage>> {
    const found = new Map<string, KafkaMessage>();
    for (const { partition, offset } of positions) {
      const message = this.originals.get(`${partition}:${offset}`);
      if (message) found.set(`${partition}:${offset}`, message);
    }
    return Promise.resolve(found);
  }
}

class FakePublisher {
  readonly requests: { topic: TopicName; messages: Message[] }[][] = [];
  refuse: Error | undefined;

  sendRawToTopics(batches: readonly { topic: TopicName; messages: Message[] }[]): Promise<void> {
    if (this.refuse) return Promise.reject(this.refuse);
    this.requests.push([...batches]);
    return Promise.resolve();
  }
}

describe('DeadLetterRedriver', () => {
  it('sends the dead letters asked for back to their source topics, in the order asked, in requests bounded by bytes', async () => {
    const big = 400 * 1024;
    const reader = new FakeReader([deadLetter(1, TOPICS.inbound, big), deadLetter(2, TOPICS.delivery), deadLetter(3, TOPICS.inbound, big)]);
    const publisher = new FakePublisher();
    const outcomes = await new DeadLetterRedriver(reader, publisher).redriveIds([{ partition: 0, offset: 3n }, { partition: 0, offset: 2n }, { partition: 0, offset: 1n }], 'ops-alice', AT);

    expect(outcomes).toEqual([
      { id: '0:3', topic: TOPICS.inbound, from: `${TOPICS.inboundDeadLetter}/0:3`, at: AT.toISOString(), by: 'ops-alice', bytesFrom: 'dead-letter' },
      { id: '0:2', topic: TOPICS.delivery, from: `${TOPICS.inboundDeadLetter}/0:2`, at: AT.toISOString(), by: 'ops-alice', bytesFrom: 'dead-letter' },
      { id: '0:1', topic: TOPICS.inbound, from: `${TOPICS.inboundDeadLetter}/0:1`, at: AT.toISOString(), by: 'ops-alice', bytesFrom: 'dead-letter' },
    ]);
    // Two near-limit records never share a request (their partition's batch could pass the topic's limit).
    expect(publisher.requests.map((request) => request.map(({ topic, messages }) => `${topic}:${messages.map((message) => (message.key as Buffer).toString()).join('+')}`))).toEqual([
      [`${TOPICS.inbound}:acme:3`, `${TOPICS.delivery}:acme:2`],
      [`${TOPICS.inbound}:acme:1`],
    ]);
    expect(readHeaders(publisher.requests[0]?.[0]?.messages[0]?.headers)).toEqual({
      [HEADERS.contract]: 'InboundMessage',
      'tributary-redriven-from': `${TOPICS.inboundDeadLetter}/0:3`,
      'tributary-redriven-at': AT.toISOString(),
      'tributary-redriven-by': 'ops-alice',
    });
  });

  it('sends nothing when one of the dead letters asked for may not go back', async () => {
    const publisher = new FakePublisher();
    const redriver = new DeadLetterRedriver(new FakeReader([deadLetter(1), deadLetter(2, 'not.ours'), reducedDeadLetter(3)]), publisher);
    await expect(redriver.redriveIds([{ partition: 0, offset: 1n }, { partition: 0, offset: 2n }], 'ops', AT)).rejects.toMatchObject({ code: DeadLetterErrorCode.NotRedrivable });
    await expect(redriver.redriveIds([{ partition: 0, offset: 1n }, { partition: 0, offset: 3n }], 'ops', AT)).rejects.toMatchObject({ code: DeadLetterErrorCode.NotRedrivable });
    expect(publisher.requests).toEqual([]);
  });

  it('re-drives a reduced copy with the original read at its source offset', async () => {
    const reader = new FakeReader([reducedDeadLetter(3)]);
    reader.originals.set('1:3', original(3, 5000));
    const publisher = new FakePublisher();
    const [outcome] = await new DeadLetterRedriver(reader, publisher).redriveIds([{ partition: 0, offset: 3n }], 'ops', AT);
    expect(outcome?.bytesFrom).toBe('source-offset');
    expect((publisher.requests[0]?.[0]?.messages[0]?.value as Buffer).length).toBe(5000);
  });

  it('re-drives every match, skipping and naming those that may not go back', async () => {
    const publisher = new FakePublisher();
    const result = await new DeadLetterRedriver(new FakeReader([deadLetter(1), deadLetter(2, 'not.ours'), reducedDeadLetter(3), deadLetter(4)]), publisher).redriveMatching({}, 'ops', AT);
    expect(result.redriven.map((outcome) => outcome.id)).toEqual(['0:1', '0:4']);
    expect(result.skipped).toEqual([
      { id: '0:2', reason: expect.stringContaining('not.ours') },
      { id: '0:3', reason: 'a bare copy whose original is no longer retained at its source offset' },
    ]);
  });

  it('turns a broker refusing the records into NotRedrivable, and lets an outage through as it is', async () => {
    const publisher = new FakePublisher();
    const redriver = new DeadLetterRedriver(new FakeReader([deadLetter(1)]), publisher);
    publisher.refuse = Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
    await expect(redriver.redriveIds([{ partition: 0, offset: 1n }], 'ops', AT)).rejects.toMatchObject({ code: DeadLetterErrorCode.NotRedrivable, message: expect.stringContaining('MESSAGE_TOO_LARGE') });
    publisher.refuse = new Error('broker away');
    await expect(redriver.redriveIds([{ partition: 0, offset: 1n }], 'ops', AT)).rejects.toThrow('broker away');
  });
});
