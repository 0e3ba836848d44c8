import { CHANNELS, TICKET_STATUSES, parseContract, ContractValidationError, defineContract } from '@tributary/contracts';
import { z } from 'zod';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import type { TicketListFilter } from './queue.repository';
import type { ReplyRequest } from './reply-builder';

const cursorSchema = z
  .string()
  .transform((cursor, ctx) => {
    try {
      const [updatedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
      if (typeof updatedAt === 'string' && typeof id === 'string' && z.uuid().safeParse(id).success) return { updatedAt, id };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
    return z.NEVER;
  });

export const ListQuery = defineContract(
  'ticket list query',
  1,
  z.object({
    status: z.enum(TICKET_STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
    updatedSince: z.iso.datetime({ offset: true }).optional(),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

export const ReplyBody = defineContract(
  'reply',
  1,
  z.object({
    text: z.string().min(1).max(256 * 1024),
    authorId: z.string().min(1).max(256),
    channel: z.enum(CHANNELS).optional(),
  }),
);

export const StatusBody = defineContract(
  'status change',
  1,
  z.object({ status: z.enum(TICKET_STATUSES), changedBy: z.string().min(1).max(256) }),
);

export const MergeBody = defineContract(
  'ticket merge',
  1,
  z.object({ intoTicketId: z.uuid(), mergedBy: z.string().min(1).max(256) }),
);

export const ContactMergeBody = defineContract(
  'contact merge',
  1,
  z.object({ intoContactId: z.uuid(), mergedBy: z.string().min(1).max(256) }),
);

export const UnmergeBody = defineContract('contact unmerge', 1, z.object({ unmergedBy: z.string().min(1).max(256) }));

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
