import { TOPICS } from '@tributary/contracts';
import { DlqUsageError, parseDlqArgs } from './dlq-options';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const parse = (line: string) => parseDlqArgs(line.split(' ').filter(Boolean), NOW);

describe('the dlq command line', () => {
  it('lists with filters, a limit and JSON', () => {
    expect(parse(`list --source ${TOPICS.inbound} --reason hold --since 2h --until 2026-12-07T11:00:00Z --limit 5 --json --brokers k:9092`)).toEqual({
      command: 'list',
      filter: { sourceTopic: TOPICS.inbound, reason: 'hold', since: new Date('2026-12-07T10:00:00.000Z'), until: new Date('2026-12-07T11:00:00.000Z') },
      limit: 5,
      json: true,
      brokers: 'k:9092',
      topic: TOPICS.inboundDeadLetter,
    });
    expect(parse('list')).toMatchObject({ command: 'list', filter: {}, limit: 50, json: false, brokers: undefined });
  });

  it('shows one id and re-drives several, or every match of at least one filter', () => {
    expect(parse('show 3:1042 --topic other.dlq')).toMatchObject({ command: 'show', id: { partition: 3, offset: 1042n }, topic: 'other.dlq' });
    expect(parse('redrive 0:1 2:7')).toMatchObject({ command: 'redrive', ids: [{ partition: 0, offset: 1n }, { partition: 2, offset: 7n }] });
    expect(parse('redrive --all-matching --reason hold --dry-run')).toMatchObject({ command: 'redrive-matching', filter: { reason: 'hold' }, dryRun: true });
    expect(parse('--help')).toEqual({ command: 'help' });
    expect(parse('redrive -h')).toEqual({ command: 'help' });
  });

  it.each([
    ['', /name a command/],
    ['tail', /unknown command "tail"/],
    ['list --frobnicate', /frobnicate/],
    ['list 0:1', /list takes no ids/],
    ['list --limit 0', /--limit must be a whole number/],
    ['list --since yesterday', /since: "yesterday"/],
    ['list --dry-run', /--dry-run is for redrive only/],
    ['show', /exactly one id/],
    ['show 1:2 3:4', /exactly one id/],
    ['show 12', /not a dead-letter id/],
    ['show 1:2 --reason x', /--reason is for list and redrive only/],
    ['redrive', /one or more ids/],
    ['redrive 1:2 --reason x', /--reason is for redrive --all-matching only/],
    ['redrive --all-matching', /at least one filter/],
    ['redrive --all-matching 1:2 --reason x', /not both/],
    ['redrive 1:2 --limit 3', /--limit is for list only/],
  ])('refuses %p', (line, message) => {
    expect(() => parse(line)).toThrow(DlqUsageError);
    expect(() => parse(line)).toThrow(message);
  });
});
