import { CliUsageError } from './cli-args.util';
import { parseQuarantineArgs } from './email-quarantine-options';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const parse = (line: string) => parseQuarantineArgs(line.split(' ').filter(Boolean), NOW);

describe('the quarantine command line', () => {
  it('lists with --since (a time or an age), --reason, a limit and JSON', () => {
    expect(parse('list --since 2h --reason too_large --limit 5 --json')).toEqual({ command: 'list', filter: { since: new Date('2026-12-07T10:00:00.000Z'), reason: 'too_large' }, limit: 5, json: true });
    expect(parse('list --since 2026-12-01')).toMatchObject({ filter: { since: new Date('2026-12-01T00:00:00.000Z') } });
    expect(parse('list')).toEqual({ command: 'list', filter: {}, limit: 50, json: false });
  });

  it('shows and re-drives one id', () => {
    expect(parse('show 42 --json')).toEqual({ command: 'show', id: '42', json: true });
    expect(parse('redrive 42 --brokers k:9092')).toEqual({ command: 'redrive', id: '42', brokers: 'k:9092', json: false });
    expect(parse('-h')).toEqual({ command: 'help' });
  });

  it.each([
    ['', /name a command/],
    ['purge', /unknown command "purge"/],
    ['list --frobnicate', /frobnicate/],
    ['list 3', /list takes no ids/],
    ['list --limit 0', /--limit must be a whole number/],
    ['list --since yesterday', /since: "yesterday"/],
    ['list --brokers k:1', /--brokers is for redrive only/],
    ['show', /exactly one id/],
    ['show 1 2', /exactly one id/],
    ['show 1:2', /exactly one id/],
    ['show 1 --reason x', /--reason is for list only/],
    ['redrive', /exactly one id/],
    ['redrive 1 --since 2h', /--since is for list only/],
  ])('refuses %p', (line, message) => {
    expect(() => parse(line)).toThrow(CliUsageError);
    expect(() => parse(line)).toThrow(message);
  });
});
