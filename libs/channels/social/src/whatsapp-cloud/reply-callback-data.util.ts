import { TenantIdSchema, TraceIdSchema, type OutboundMessageV1Message } from '@tributary/contracts';
import { z } from 'zod';

/** Which reply a status is about, as Tributary hands it to Meta and Meta echoes it in statuses. */
export interface ReplyCallbackData {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly outboundId: string;
  readonly traceId: string;
}

const PREFIX = 'tributary1:';
const CallbackDataSchema = z.object({ tenantId: TenantIdSchema, ticketId: z.uuid(), outboundId: z.uuid(), traceId: TraceIdSchema });

/**
 * `biz_opaque_callback_data` (at most 512 characters, echoed by Meta in every status of the message):
 * the reply's ids travel with the message itself, so a status needs no lookup, and any replica can
 * report it, whether or not it sent the message.
 */
export function encodeReplyCallbackData(outbound: OutboundMessageV1Message): string {
  const data: ReplyCallbackData = { tenantId: outbound.tenantId, ticketId: outbound.ticketId, outboundId: outbound.outboundId, traceId: outbound.traceId };
  return `${PREFIX}${JSON.stringify(data)}`;
}

/** The reply a status is about, or undefined for a message Tributary did not send (the phone app, another tool). */
export function decodeReplyCallbackData(raw: string | undefined): ReplyCallbackData | undefined {
  if (raw === undefined || !raw.startsWith(PREFIX)) return undefined;
  try {
    const parsed = CallbackDataSchema.safeParse(JSON.parse(raw.slice(PREFIX.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
