import type { IHeaders, KafkaMessage } from 'kafkajs';

/** One record as `tail` prints it: bytes decoded, JSON values parsed. */
export interface TailRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The record's timestamp as ISO 8601, null when the record has none. */
  readonly timestamp: string | null;
  /** UTF-8 text, or base64 when the bytes are not UTF-8 (then keyEncoding says so); null when absent. */
  readonly key: string | null;
  readonly keyEncoding?: 'base64';
  /** Header values as UTF-8 strings; a header name repeated in one record gets an array, in order. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** Parsed when the bytes are JSON, otherwise the text (or base64, see valueEncoding); null for a tombstone. */
  readonly value: unknown;
  readonly valueEncoding?: 'base64';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function toTailRecord(topic: string, partition: number, message: KafkaMessage): TailRecord {
  const key = decode(message.key);
  const value = decode(message.value);
  const timestamp = Number(message.timestamp);
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: Number.isFinite(timestamp) && timestamp >= 0 ? new Date(timestamp).toISOString() : null,
    key: key?.text ?? null,
    ...(key?.base64 ? { keyEncoding: 'base64' as const } : {}),
    headers: readHeaders(message.headers),
    value: value === undefined ? null : value.base64 ? value.text : parseJson(value.text),
    ...(value?.base64 ? { valueEncoding: 'base64' as const } : {}),
  };
}

function decode(bytes: Buffer | null | undefined): { text: string; base64: boolean } | undefined {
  if (bytes === null || bytes === undefined) return undefined;
  try {
    return { text: UTF8.decode(bytes), base64: false };
  } catch {
    return { text: bytes.toString('base64'), base64: true };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readHeaders(headers: IHeaders | undefined): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const strings = (Array.isArray(value) ? value : [value]).map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : String(item)));
    const [only] = strings;
    if (only !== undefined) result[name] = strings.length === 1 ? only : strings;
  }
  return result;
}
