import { z } from 'zod';

/** The error body every Graph API refusal carries. */
export const GraphErrorBodySchema = z.object({
  error: z.object({
    message: z.string().max(4096).optional(),
    type: z.string().max(256).optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().max(4096).optional() }).optional(),
    fbtrace_id: z.string().max(256).optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof GraphErrorBodySchema>;

/**
 * Refusals that are our side's or passing: a bad or expired token (190), throttling (4, 80007,
 * 130429, 131056), Meta being unwell or the number in maintenance (1, 2, 131000, 131057, 133004).
 * The reply is retried rather than reported failed to the agent, who could do nothing about them.
 * Everything else fails the one reply visibly: retrying would hold every reply behind it.
 */
const RETRIED_CODES = new Set([1, 2, 4, 190, 80_007, 130_429, 131_000, 131_056, 131_057, 133_004]);

export function isRetriedGraphError(httpStatus: number, body: GraphErrorBody | undefined): boolean {
  if (httpStatus >= 500 || httpStatus === 429) return true;
  return body === undefined || RETRIED_CODES.has(body.error.code);
}

/** Meta's error as the agent reads it on the ticket. */
export function graphErrorReason(body: GraphErrorBody): { code: string; message: string } {
  const { error } = body;
  const message = [error.message, error.error_data?.details].filter((part): part is string => Boolean(part)).join(': ');
  return { code: String(error.code), message: (message || `Graph API error ${error.code}`).slice(0, 2048) };
}
