import { TOPICS, TOPIC_CATALOG, type OutboundMessageV1Message } from '@tributary/contracts';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import type { ReplyTooLargeDetails, ResponseOf } from './queue-responses.schema';

const OUTBOUND_TOPIC_LIMIT = TOPIC_CATALOG.find((topic) => topic.name === TOPICS.outbound)?.maxMessageBytes ?? 1_048_576;

/**
 * What the value may take of the topic's limit. The relay adds the key, the headers and the batch
 * framing (well under 1 KiB), and PostgreSQL prints the stored jsonb with a space after every colon
 * and comma (one per key or list element: under 1 KiB for an OutboundMessage).
 */
const RECORD_BUDGET = OUTBOUND_TOPIC_LIMIT - 16 * 1024;

/**
 * Refuses a reply whose OutboundMessage record Kafka would refuse. The relay publishes the outbox in
 * order, so such a record would stop every ticket event behind it; a text within its channel's limit
 * can still get there, e.g. 262,144 control characters that JSON writes as six-byte escapes.
 */
export function assertOutboundRecordFits(outbound: OutboundMessageV1Message): void {
  const bytes = Buffer.byteLength(JSON.stringify(outbound), 'utf8');
  if (bytes <= RECORD_BUDGET) return;
  const details: ResponseOf<typeof ReplyTooLargeDetails> = { topic: TOPICS.outbound, limit: RECORD_BUDGET, bytes };
  throw new QueueApiError(QueueApiErrorCode.ReplyTooLarge, `the reply would be a ${bytes}-byte record; ${TOPICS.outbound} takes ${RECORD_BUDGET} bytes`, details);
}
