import { measureReplyLength, type Channel } from '@tributary/contracts';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import type { ReplyTooLongDetails, ResponseOf } from './queue-responses.schema';

/**
 * Refuses a reply longer than its channel's provider takes (CHANNEL_REPLY_LIMITS), naming the
 * channel, the limit and what was measured: queued, it would only come back as a failed delivery.
 */
export function assertReplyFitsChannel(channel: Channel, text: string): void {
  const { fits, ...rest } = measureReplyLength(channel, text);
  // Typed as the OpenAPI document describes the 422's details, so the two cannot part.
  const measured: ResponseOf<typeof ReplyTooLongDetails> = rest;
  if (fits) return;
  const sms = measured.encoding === undefined ? '' : ` (${measured.encoding}, ${measured.segments ?? 0} segments)`;
  throw new QueueApiError(
    QueueApiErrorCode.ReplyTooLong,
    `a reply on ${channel} may be at most ${measured.limit} ${measured.unit} long; this one is ${measured.length}${sms}`,
    measured,
  );
}
