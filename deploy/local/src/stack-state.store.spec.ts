import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyStackState, parseStackState, readStackState, writeStackState } from './stack-state.store';
import type { StackState } from './stack-state.store';
import { StackError, StackErrorCode } from './stack.error';

describe('stack state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back exactly what was written', () => {
    const file = join(dir, 'nested', 'stack.json');
    const state: StackState = {
      version: 1,
      name: 'test',
      components: {
        kafka: { ports: { broker: 20092, controller: 20093 }, pid: 4242, startedAt: '2025-01-01T00:00:00.000Z' },
        mail: { ports: { smtp: 14025, imap: 14143 } },
      },
    };
    writeStackState(file, state);
    expect(readStackState(file, 'test')).toEqual(state);
  });

  it('treats a missing file as a stack that never started', () => {
    expect(readStackState(join(dir, 'absent.json'), 'dev')).toEqual(emptyStackState('dev'));
  });

  it('rejects files that are not ours, naming the file', () => {
    const file = join(dir, 'stack.json');
    writeFileSync(file, '{"version": 2}');
    let thrown: unknown;
    try {
      readStackState(file, 'dev');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StackError);
    expect((thrown as StackError).code).toBe(StackErrorCode.StateInvalid);
    expect(() => parseStackState('not json', file)).toThrow(file);
  });

  it('rejects a component whose ports are incomplete', () => {
    const text = JSON.stringify({ version: 1, name: 'dev', components: { kafka: { ports: { broker: 19092 } } } });
    expect(() => parseStackState(text, 'stack.json')).toThrow(/kafka\.ports\.controller/);
  });

  it('drops malformed pids rather than signalling a bogus process', () => {
    const text = JSON.stringify({ version: 1, name: 'dev', components: { postgres: { ports: { port: 15432 }, pid: -1 } } });
    expect(parseStackState(text, 'stack.json').components.postgres).toEqual({ ports: { port: 15432 } });
  });

  it('leaves no temporary file behind', () => {
    const file = join(dir, 'stack.json');
    writeStackState(file, emptyStackState('dev'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(emptyStackState('dev'));
    expect(readdirSync(dir)).toEqual(['stack.json']);
  });
});
