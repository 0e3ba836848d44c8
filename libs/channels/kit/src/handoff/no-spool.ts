import type { SpoolEntry } from '@tributary/platform-spool';
import type { HandoffRecord } from './handoff-record';
import type { HandoffSpoolPort } from './handoff-spool.port';
import { HandoffUnavailableError } from './handoff-unavailable.error';

/**
 * The hand-off without a local spool, for sources that keep the message until we acknowledge it
 * (an IMAP mailbox, an SMTP client told 451): there a local copy would only add one more place to
 * lose it, so a record Kafka does not acknowledge in time is refused and the source retries.
 */
export class NoSpool implements HandoffSpoolPort {
  readonly length = 0;

  append(_record: HandoffRecord): Promise<SpoolEntry<HandoffRecord>> {
    return Promise.reject(new HandoffUnavailableError('Kafka did not acknowledge in time'));
  }

  peek(_limit: number): readonly SpoolEntry<HandoffRecord>[] {
    return [];
  }

  ack(_seq: number): Promise<void> {
    return Promise.resolve();
  }
}
