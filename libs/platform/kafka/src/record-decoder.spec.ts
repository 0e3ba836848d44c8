import { InboundMessageV1 } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import type { KafkaMessage } from 'kafkajs';
import { decodeBatch } from './record-decoder';
import { contractHeaders } from './record-headers.util';

const source = { topic: 'tributary.inbound.v1', partition: 2 };

function record(offset: string, value: unknown, headers: Record<string, string>): KafkaMessage {
  return {
    key: Buffer.from('acme:+4915112345678'),
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
    offset,
    timestamp: '1700000000000',
    attributes: 0,
  };
}

describe('decodeBatch', () => {
  const v1 = contractHeaders(InboundMessageV1, INBOUND_FIXTURES.sms.traceId);

  it('decodes records whose headers name the contract and version, with key, headers and position', () => {
    const { valid, rejected } = decodeBatch(InboundMessageV1, source, [record('7', INBOUND_FIXTURES.sms, v1)]);
    expect(rejected).toEqual([]);
    expect(valid[0]).toMatchObject({ key: 'acme:+4915112345678', offset: '7', partition: 2, topic: source.topic, traceId: INBOUND_FIXTURES.sms.traceId });
    expect(valid[0]?.value.channel).toBe('sms');
  });

  it('dead-letters a v2 record whose value would pass as v1, saying what was expected and found', () => {
    const v2 = record('8', INBOUND_FIXTURES.sms, { ...v1, 'tributary-contract-version': '2' });
    const { valid, rejected } = decodeBatch(InboundMessageV1, source, [v2]);
    expect(valid).toEqual([]);
    expect(rejected).toEqual([{ source, message: v2, reason: 'InboundMessage v1 is invalid: header tributary-contract-version: expected "1", found "2"' }]);
  });

  it('dead-letters a record without contract headers, and keeps the valid records around it', () => {
    const batch = [record('1', INBOUND_FIXTURES.email, v1), record('2', INBOUND_FIXTURES.email, {}), record('3', INBOUND_FIXTURES.chat, v1)];
    const { valid, rejected } = decodeBatch(InboundMessageV1, source, batch);
    expect(valid.map((entry) => entry.offset)).toEqual(['1', '3']);
    expect(rejected.map((entry) => entry.message.offset)).toEqual(['2']);
    expect(rejected[0]?.reason).toMatch(/header tributary-contract: expected "InboundMessage", found none/);
  });

  it('dead-letters a value that breaks the contract, naming the field', () => {
    const { rejected } = decodeBatch(InboundMessageV1, source, [record('4', { ...INBOUND_FIXTURES.sms, text: 'x'.repeat(300_000) }, v1)]);
    expect(rejected[0]?.reason).toMatch(/^InboundMessage v1 is invalid: text: /);
  });
});
