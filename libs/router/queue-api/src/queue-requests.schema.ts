import { CHANNELS, CHANNEL_REPLY_LIMITS, TICKET_STATUSES, parseContract, ContractValidationError, defineContract } from '@tributary/contracts';
import { z } from 'zod';
import { isPostgresTimestamp } from './postgres-timestamp.util';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import type { TicketListFilter } from './queue.repository';
import type { ReplyRequest } from './reply-builder';

const cursorSchema = z
  .string()
  .transform((cursor, ctx) => {
    try {
      const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
      // Checked down to the calendar: a cursor is opaque to clients, and one PostgreSQL cannot read
      // as a timestamp would otherwise fail the query with a 500.
      if (typeof updatedAt === 'string' && isPostgresTimestamp(updatedAt) && typeof id === 'string' && z.uuid().safeParse(id).success) return { updatedAt, id };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
    return z.NEVER;
  });

/**
 * NUL, and a UTF-16 half without its partner (JSON may carry either as a \\u escape): PostgreSQL's
 * text refuses the first and its jsonb both, so a request carrying one would fail its transaction.
 */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Free text a request stores (reply text, who did it): refused with a 400 when PostgreSQL could not keep it. */
const storableText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((text) => !UNSTORABLE_TEXT.test(text), 'must be Unicode text without NUL characters or unpaired surrogates');

export const ListQuery = defineContract(
  'ticket list query',
  1,
  z.object({
    status: z.enum(TICKET_STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
    updatedSince: z.iso
      .datetime({ offset: true })
      .refine(isPostgresTimestamp, 'must be a timestamp from 0001-01-01 on, with an offset within ±15:59')
      .optional(),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

/**
 * The longest text any channel takes (email's). Every channel's unit counts a text at least as long
 * as its UTF-16 length, so a longer text fits none: a 400 at once. A shorter one too long for the
 * channel it goes out on is a 422 once the ticket says which channel that is.
 */
const LONGEST_REPLY_TEXT = Math.max(...Object.values(CHANNEL_REPLY_LIMITS).map((limit) => limit.maxLength));
const AUTHOR_ID_MAX = 256;

/**
 * The body limit of POST /v1/tickets/:ticketId/replies, so that every reply ReplyBody accepts is read,
 * never answered 413: JSON may write each UTF-16 code unit as a six-byte \uXXXX escape (Python's
 * json.dumps does for everything outside ASCII, by default), plus 4 KiB for keys, channel and spacing.
 */
export const REPLY_BODY_LIMIT_BYTES = 6 * (LONGEST_REPLY_TEXT + AUTHOR_ID_MAX) + 4 * 1024;

const channelLimits = Object.entries(CHANNEL_REPLY_LIMITS)
  .map(([channel, limit]) => `${channel} ${limit.maxLength} ${limit.unit}`)
  .join(', ');

export const ReplyBody = defineContract(
  'reply',
  1,
  z.object({
    text: storableText(1, LONGEST_REPLY_TEXT).describe(
      `At most what the channel the reply goes out on takes (${channelLimits}; sms-characters are GSM-7 septets, ` +
        'extension characters counting two, or UCS-2 units when a character is outside GSM-7); a longer reply is refused with 422 REPLY_TOO_LONG.',
    ),
    authorId: storableText(1, AUTHOR_ID_MAX),
    channel: z.enum(CHANNELS).optional().describe("The customer's latest channel when absent; a reply to a call goes out as SMS."),
  }),
);

export const StatusBody = defineContract(
  'status change',
  1,
  z.object({ status: z.enum(TICKET_STATUSES), changedBy: storableText(1, 256) }),
);

export const MergeBody = defineContract(
  'ticket merge',
  1,
  z.object({ intoTicketId: z.uuid(), mergedBy: storableText(1, 256) }),
);

export const ContactMergeBody = defineContract(
  'contact merge',
  1,
  z.object({ intoContactId: z.uuid(), mergedBy: storableText(1, 256) }),
);

export const UnmergeBody = defineContract('contact unmerge', 1, z.object({ unmergedBy: storableText(1, 256) }));

/** Request validation errors become 400s that name each field, like the contracts' own. */
function parseRequest<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ContractValidationError) throw new QueueApiError(QueueApiErrorCode.InvalidRequest, error.message, error.issues);
    throw error;
  }
}

export function parseListQuery(query: unknown): TicketListFilter {
  const parsed = parseRequest(() => parseContract(ListQuery, query));
  return { status: parsed.status, channel: parsed.channel, updatedSince: parsed.updatedSince, after: parsed.cursor, limit: parsed.limit };
}

export function parseReplyBody(body: unknown): ReplyRequest {
  return parseRequest(() => parseContract(ReplyBody, body));
}

export const UuidParam = z.uuid();
export const Sha256Param = z.string().regex(/^[0-9a-f]{64}$/);

export function parseStatusBody(body: unknown): { status: (typeof TICKET_STATUSES)[number]; changedBy: string } {
  return parseRequest(() => parseContract(StatusBody, body));
}

export function parseMergeBody(body: unknown): { intoTicketId: string; mergedBy: string } {
  return parseRequest(() => parseContract(MergeBody, body));
}

export function parseContactMergeBody(body: unknown): { intoContactId: string; mergedBy: string } {
  return parseRequest(() => parseContract(ContactMergeBody, body));
}

export function parseUnmergeBody(body: unknown): { unmergedBy: string } {
  return parseRequest(() => parseContract(UnmergeBody, body));
}
