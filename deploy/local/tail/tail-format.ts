import type { TailRecord } from './tail-record';

const LABEL_WIDTH = 9;

/** `--json`: the record as one line of JSON, fields in a fixed order. */
export function formatTailJson(record: TailRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** The default: a heading line, then key, headers and the value pretty-printed, then a blank line. */
export function formatTailReadable(record: TailRecord): string {
  const lines = [`── ${record.topic}  partition ${record.partition}  offset ${record.offset}  ${record.timestamp ?? '(no timestamp)'}`];
  lines.push(...labelled('key', record.key === null ? '(none)' : `${record.keyEncoding ? '(base64) ' : ''}${record.key}`));
  const headers = Object.entries(record.headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => `${name}: ${item}`));
  lines.push(...labelled('headers', headers.length === 0 ? '(none)' : headers.join('\n')));
  lines.push(...labelled('value', describeValue(record)));
  return `${lines.join('\n')}\n\n`;
}

function describeValue(record: TailRecord): string {
  if (record.value === null) return '(none: a tombstone)';
  if (typeof record.value === 'string') return record.valueEncoding ? `(base64) ${record.value}` : record.value;
  return JSON.stringify(record.value, null, 2);
}

/** The label on the first line, every further line indented under the first. */
function labelled(label: string, text: string): string[] {
  const indent = ' '.repeat(LABEL_WIDTH);
  return text.split('\n').map((line, index) => `${index === 0 ? label.padEnd(LABEL_WIDTH) : indent}${line}`);
}
