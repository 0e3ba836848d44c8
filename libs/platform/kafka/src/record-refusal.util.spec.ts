import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { recordRefusal } from './record-refusal.util';

function protocolError(type: string): KafkaJSProtocolError {
  const error = new KafkaJSProtocolError('refused');
  return Object.assign(error, { type });
}

describe('recordRefusal', () => {
  it('names a refusal of the records themselves, also when kafkajs wrapped it', () => {
    expect(recordRefusal(protocolError('MESSAGE_TOO_LARGE'))).toBe('MESSAGE_TOO_LARGE');
    // As kafkajs' retrier does: the protocol error both as the wrapped error and as its cause.
    const inner = protocolError('RECORD_LIST_TOO_LARGE');
    const wrapped = Object.assign(new KafkaJSNonRetriableError(inner), { type: undefined, cause: inner });
    expect(recordRefusal(wrapped)).toBe('RECORD_LIST_TOO_LARGE');
  });

  it('is undefined for errors about the broker, the network or our code', () => {
    expect(recordRefusal(protocolError('NOT_LEADER_FOR_PARTITION'))).toBeUndefined();
    expect(recordRefusal(protocolError('TOPIC_AUTHORIZATION_FAILED'))).toBeUndefined();
    expect(recordRefusal(new Error('Connection error'))).toBeUndefined();
    expect(recordRefusal('boom')).toBeUndefined();
    expect(recordRefusal(undefined)).toBeUndefined();
  });
});
