import { ContractValidationError, defineContract, parseContract } from '@tributary/contracts';
import { parseDeadLetterFilter, type DeadLetterFilter } from '@tributary/platform-kafka';
import { z } from 'zod';
import { QueueApiError, QueueApiErrorCode } from '../queue-api.error';

const TIME_HELP = 'ISO 8601 (2026-12-07, 2026-12-07T10:00:00Z) or an age (30m, 2h, 7d)';

export const DeadLetterListQuery = defineContract(
  'dead-letter list query',
  1,
  z.object({
    source: z.string().max(249).optional().describe('The topic the original was consumed from, exactly, e.g. tributary.inbound.v1'),
    reason: z.string().max(1_000).optional().describe('Part of the reason, ignoring case'),
    since: z.string().max(64).optional().describe(`Record timestamp at or after: ${TIME_HELP}`),
    until: z.string().max(64).optional().describe(`Record timestamp at or before: ${TIME_HELP}`),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  }),
);

/** A bad parameter is a 400 naming it (a bad time: INVALID_DEAD_LETTER_FILTER, also 400). */
export function parseDeadLetterListQuery(query: unknown): { filter: DeadLetterFilter; limit: number } {
  let parsed: z.infer<typeof DeadLetterListQuery.schema>;
  try {
    parsed = parseContract(DeadLetterListQuery, query);
  } catch (error) {
    if (error instanceof ContractValidationError) throw new QueueApiError(QueueApiErrorCode.InvalidRequest, error.message, error.issues);
    throw error;
  }
  return { filter: parseDeadLetterFilter(parsed), limit: parsed.limit };
}
