import { z } from 'zod';

/**
 * The error body of a Graph API refusal (Messenger Platform "Common Error Codes",
 * developers.facebook.com/docs/messenger-platform/error-codes). `error_data` is a string in older
 * Send API answers ("No matching user found.") and an object in newer ones: both are read.
 */
export const MetaGraphErrorBodySchema = z.object({
  error: z.object({
    message: z.string().max(4096).optional(),
    type: z.string().max(256).optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_user_msg: z.string().max(4096).optional(),
    error_data: z.union([z.string().max(4096), z.object({ details: z.string().max(4096).optional() })]).optional(),
    fbtrace_id: z.string().max(256).optional(),
  }),
});
export type MetaGraphErrorBody = z.infer<typeof MetaGraphErrorBodySchema>;

export type MetaSendErrorOutcome =
  | { readonly kind: 'failed'; readonly code: string; readonly message: string; readonly recipientUnreachable?: true }
  | { readonly kind: 'retry'; readonly reason: string };

/**
 * Refusals about this one reply and its customer, reported on the ticket (`failed`) rather than
 * retried — retrying a blocked customer for ever is the helpdesk bug this avoids. Codes and subcodes
 * as Meta documents them: 551/1545041 "This person isn't available right now" (blocked the page,
 * deactivated, or cannot be messaged); 10/2018278 "This message is sent outside of allowed window";
 * 10/2534022 the same, past the Human Agent tag's 7 days; 100/2018001 "No matching user found";
 * 100 otherwise an invalid parameter of this message. Keyed by subcode first: code 10 alone is a
 * missing permission (ours to fix, so retried), 10 with these subcodes is the customer's window.
 */
interface KnownFailure {
  readonly code: string;
  readonly explanation: string;
  /** The customer shut this way to them (blocked the page, left): the router marks them unreachable. */
  readonly recipientUnreachable?: true;
}

const UNAVAILABLE: KnownFailure = {
  code: '551',
  explanation: "the customer isn't available right now: they blocked the page, deactivated their account or cannot receive messages",
  recipientUnreachable: true,
};

const FAILED_SUBCODES: ReadonlyMap<number, KnownFailure> = new Map([
  [2018278, { code: '2018278', explanation: "Meta refused the reply: the customer's 24-hour messaging window has closed" }],
  [2534022, { code: '2534022', explanation: "Meta refused the reply: the customer's last message is more than 7 days old, past even the Human Agent tag" }],
  [1545041, UNAVAILABLE],
  [2018001, { code: '2018001', explanation: 'Meta knows no such customer for this page (no matching user found)' }],
]);
const FAILED_CODES: ReadonlyMap<number, KnownFailure> = new Map([
  [551, UNAVAILABLE],
  [100, { code: '100', explanation: 'Meta refused a parameter of this reply' }],
]);
/**
 * Our side or passing, so the reply is retried: 190 the page token is invalid or expired, 613 / 4 / 17 /
 * 32 throttling, 10 / 200 / 3 / 299 a permission the app or page lacks, 1 / 2 Meta being unwell.
 * An operator can fix all of them; the agent could not.
 */
const RETRIED_CODES: ReadonlySet<number> = new Set([1, 2, 3, 4, 10, 17, 32, 190, 200, 299, 613]);

export function classifyMetaSendError(httpStatus: number, body: MetaGraphErrorBody | undefined): MetaSendErrorOutcome {
  if (body === undefined) return { kind: 'retry', reason: `HTTP ${httpStatus} without a Graph error` };
  const { error } = body;
  const known = (error.error_subcode === undefined ? undefined : FAILED_SUBCODES.get(error.error_subcode)) ?? FAILED_CODES.get(error.code);
  if (known !== undefined && !(error.code === 10 && error.error_subcode === undefined)) {
    const message = `${known.explanation} (Meta ${describe(error)})`.slice(0, 2048);
    return { kind: 'failed', code: known.code, message, ...(known.recipientUnreachable ? { recipientUnreachable: true } : {}) };
  }
  if (httpStatus >= 500 || httpStatus === 429 || RETRIED_CODES.has(error.code)) return { kind: 'retry', reason: `Meta ${describe(error)}` };
  // Anything else is about this message: it fails visibly rather than holding every reply behind it.
  return { kind: 'failed', code: String(error.code), message: `Meta refused the reply (${describe(error)})`.slice(0, 2048) };
}

function describe(error: MetaGraphErrorBody['error']): string {
  const details = typeof error.error_data === 'string' ? error.error_data : error.error_data?.details;
  const code = error.error_subcode === undefined ? `#${error.code}` : `#${error.code}/${error.error_subcode}`;
  return [code, error.message, details].filter((part): part is string => Boolean(part)).join(': ');
}
