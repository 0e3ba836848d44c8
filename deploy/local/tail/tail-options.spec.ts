import { TOPICS } from '@tributary/contracts';
import { parseTailArgs } from './tail-options';
import { TailUsageError } from './tail-usage.error';

describe('parseTailArgs', () => {
  it('maps every short name to its topic in the contracts', () => {
    const topicOf = (name: string): string | undefined => parseTailArgs([name])?.topic;
    expect(['tickets', 'state', 'inbound', 'outbound', 'delivery', 'dlq', 'attachments'].map(topicOf)).toEqual([
      TOPICS.ticketEvents,
      TOPICS.ticketState,
      TOPICS.inbound,
      TOPICS.outbound,
      TOPICS.delivery,
      TOPICS.inboundDeadLetter,
      TOPICS.attachments,
    ]);
  });

  it('takes a full topic name as it is, and defaults to the end, readable output, no filter and no limit', () => {
    expect(parseTailArgs(['tributary.tickets.v1'])).toEqual({ topic: 'tributary.tickets.v1', fromBeginning: false, json: false });
    expect(parseTailArgs(['suite-topic_1'])?.topic).toBe('suite-topic_1');
  });

  it('reads every option', () => {
    expect(parseTailArgs(['dlq', '--from-beginning', '--json', '--key', 'T-1', '--max', '3', '--brokers', 'a:9092, b:9093'])).toEqual({
      topic: TOPICS.inboundDeadLetter,
      brokers: ['a:9092', 'b:9093'],
      fromBeginning: true,
      json: true,
      key: 'T-1',
      max: 3,
    });
    expect(parseTailArgs(['--name', 'demo', 'tickets'])).toEqual({ topic: TOPICS.ticketEvents, stackName: 'demo', fromBeginning: false, json: false });
  });

  it('answers undefined for help, whatever else is on the line', () => {
    expect(parseTailArgs(['--help'])).toBeUndefined();
    expect(parseTailArgs(['tickets', '-h'])).toBeUndefined();
  });

  it.each([
    [[], 'name the topic to tail'],
    [['tickets', 'state'], 'one topic at a time (also got state)'],
    [['ticket s'], '"ticket s" is neither a short name (tickets, state, inbound, outbound, delivery, dlq, attachments) nor a Kafka topic name'],
    [['..'], '".." is neither a short name (tickets, state, inbound, outbound, delivery, dlq, attachments) nor a Kafka topic name'],
    [['tickets', '--max', '0'], '--max "0" is not a whole number of records above 0'],
    [['tickets', '--max', '2.5'], '--max "2.5" is not a whole number of records above 0'],
    [['tickets', '--brokers', 'localhost'], '--brokers "localhost" is not a list of host:port'],
    [['tickets', '--brokers', ','], '--brokers "," is not a list of host:port'],
    [['tickets', '--brokers', 'a:1', '--name', 'dev'], 'give --brokers or --name, not both'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseTailArgs(argv)).toThrow(new TailUsageError(message));
  });

  it('names an unknown option or a missing value as parseArgs reports them', () => {
    expect(() => parseTailArgs(['tickets', '--follow'])).toThrow(TailUsageError);
    expect(() => parseTailArgs(['tickets', '--follow'])).toThrow(/--follow/);
    expect(() => parseTailArgs(['tickets', '--key'])).toThrow(/--key/);
  });
});
