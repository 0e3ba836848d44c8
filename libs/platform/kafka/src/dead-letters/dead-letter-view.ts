import { readHeaders } from '../record-headers.util';
import { formatDeadLetterId } from './dead-letter-id.util';
import type { DeadLetterRecord } from './dead-letter-record';
import { REDRIVE_HEADERS } from './redrive-headers';

/** A dead letter as JSON for a person or a script: what `list` prints and the operator API answers. */
export interface DeadLetterView {
  readonly id: string;
  readonly deadLetterTopic: string;
  readonly timestamp: string;
  readonly reason: string;
  readonly source: { readonly topic: string | null; readonly partition: number | null; readonly offset: string | null };
  /** The record key as UTF-8. */
  readonly key: string | null;
  /** The original headers as UTF-8, `tributary-dlq-*` left out. */
  readonly headers: Readonly<Record<string, string>>;
  readonly valueBytes: number;
  /** `tributary-redriven-from` of the original: it had been re-driven before and was dead-lettered again. */
  readonly redrivenFrom: string | null;
  /** Set when only a reduced copy was written: how, why, and the original's size. */
  readonly reduced: { readonly copy: string; readonly refusal: string | null; readonly originalValueBytes: number | null } | null;
}

/** One dead letter with its value: as text when the bytes are UTF-8 (the contracts' JSON), and as base64 always. */
export interface DeadLetterDetailView extends DeadLetterView {
  readonly value: string | null;
  readonly valueBase64: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function deadLetterView(record: DeadLetterRecord): DeadLetterView {
  const headers = readHeaders(record.originalHeaders);
  return {
    id: formatDeadLetterId(record.id),
    deadLetterTopic: record.topic,
    timestamp: Number.isNaN(record.timestamp.getTime()) ? new Date(0).toISOString() : record.timestamp.toISOString(),
    reason: record.reason,
    source: { topic: record.source.topic ?? null, partition: record.source.partition ?? null, offset: record.source.offset ?? null },
    key: record.key?.toString('utf8') ?? null,
    headers,
    valueBytes: record.value?.length ?? 0,
    redrivenFrom: headers[REDRIVE_HEADERS.from] ?? null,
    reduced: record.reduced ? { copy: record.reduced.copy, refusal: record.reduced.refusal ?? null, originalValueBytes: record.reduced.originalValueBytes ?? null } : null,
  };
}

export function deadLetterDetailView(record: DeadLetterRecord): DeadLetterDetailView {
  return { ...deadLetterView(record), value: textOf(record.value), valueBase64: record.value?.toString('base64') ?? null };
}

function textOf(value: Buffer | null): string | null {
  if (!value) return null;
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}
