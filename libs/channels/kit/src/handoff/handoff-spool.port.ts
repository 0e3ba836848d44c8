import type { SpoolEntry } from '@tributary/platform-spool';
import type { HandoffRecord } from './handoff-record';

/** The durable queue behind the hand-off (a FileSpool in production and in tests). */
export interface HandoffSpoolPort {
  readonly length: number;
  append(record: HandoffRecord): Promise<SpoolEntry<HandoffRecord>>;
  peek(limit: number): readonly SpoolEntry<HandoffRecord>[];
  ack(seq: number): Promise<void>;
}
