import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PORT_PLANS } from './port-plan';
import type { PortsOf } from './port-plan';
import { StackError, StackErrorCode } from './stack.error';
import { STACK_COMPONENTS } from './stack.types';
import type { StackComponent } from './stack.types';

/** What stack.json remembers of one component; ports outlive the process so restarts reuse them. */
export interface ComponentRecord<C extends StackComponent> {
  ports: PortsOf<C>;
  pid?: number;
  startedAt?: string;
}

export type ComponentRecords = { [C in StackComponent]?: ComponentRecord<C> };

export interface StackState {
  version: 1;
  name: string;
  components: ComponentRecords;
}

export function emptyStackState(name: string): StackState {
  return { version: 1, name, components: {} };
}

/** Validates stack.json by hand: it is ours, small, and a bad file should name what is wrong. */
export function parseStackState(text: string, file: string): StackState {
  const invalid = (why: string): StackError =>
    new StackError(StackErrorCode.StateInvalid, `${file} is invalid (${why}); delete it to start afresh`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (!isObject(raw) || raw['version'] !== 1 || typeof raw['name'] !== 'string' || !isObject(raw['components'])) {
    throw invalid('expected {version: 1, name, components}');
  }
  const state = emptyStackState(raw['name']);
  for (const component of STACK_COMPONENTS) {
    const entry = raw['components'][component];
    if (entry === undefined) continue;
    if (!isObject(entry) || !isObject(entry['ports'])) throw invalid(`${component}: missing ports`);
    const ports: Record<string, number> = {};
    for (const { key } of PORT_PLANS[component]) {
      const port = entry['ports'][key];
      if (typeof port !== 'number' || !Number.isInteger(port)) throw invalid(`${component}.ports.${key}`);
      ports[key] = port;
    }
    const pid = entry['pid'];
    const startedAt = entry['startedAt'];
    // Safe: every key of this component's port plan was checked just above.
    const record: ComponentRecord<typeof component> = { ports: ports as PortsOf<typeof component> };
    if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0) record.pid = pid;
    if (typeof startedAt === 'string') record.startedAt = startedAt;
    setRecord(state.components, component, record);
  }
  return state;
}

export function setRecord<C extends StackComponent>(
  records: ComponentRecords,
  component: C,
  record: ComponentRecord<C> | undefined,
): void {
  (records as { [K in C]?: ComponentRecord<K> })[component] = record;
}

export function readStackState(file: string, name: string): StackState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isObject(error) && error['code'] === 'ENOENT') return emptyStackState(name);
    throw error;
  }
  return parseStackState(text, file);
}

/** Write-then-rename so a crash mid-write never leaves half a JSON file behind. */
export function writeStackState(file: string, state: StackState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
