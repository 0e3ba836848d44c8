import { randomBytes } from 'node:crypto';

/** What each refusal names: the values Meta puts into its message or details. */
interface GraphErrorSubjects {
  'invalid-token': undefined;
  'unknown-object': { readonly method: 'get' | 'post'; readonly id: string };
  'missing-parameter': { readonly parameter: string };
  'invalid-parameter': { readonly message: string; readonly details?: string };
  'parameter-value-invalid': { readonly details: string };
  'text-too-long': { readonly length: number };
  'template-missing': { readonly name: string; readonly language: string };
  'template-param-mismatch': { readonly given: number; readonly expected: number };
  'rate-limit': undefined;
  server: undefined;
  'unknown-path': { readonly path: string };
  'body-too-large': { readonly limitBytes: number };
}

export type GraphErrorKind = keyof GraphErrorSubjects;

interface CatalogEntry<K extends GraphErrorKind> {
  readonly status: number;
  readonly code: number;
  readonly type: 'OAuthException' | 'GraphMethodException';
  readonly subcode?: number;
  readonly message: (subject: GraphErrorSubjects[K]) => string;
  readonly details?: (subject: GraphErrorSubjects[K]) => string;
}

const GRAPH_DOCS = 'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

/**
 * Meta's synchronous refusals, as the fact sheet (/tmp/research/whatsapp-cloud.md §7) has them. Generic
 * Graph errors (190, 100/33, 2500) carry no `error_data`; WhatsApp codes carry `details` in it.
 */
const CATALOG: { readonly [K in GraphErrorKind]: CatalogEntry<K> } = {
  // Meta's table says 401; real logs also show 400.
  'invalid-token': { status: 401, code: 190, type: 'OAuthException', message: () => 'Invalid OAuth access token - Cannot parse access token' },
  'unknown-object': {
    status: 400, code: 100, type: 'GraphMethodException', subcode: 33,
    message: ({ method, id }) => `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. ${GRAPH_DOCS}`,
  },
  // Seen live for `to` without the "(#100) " prefix that WADEV's reproductions carry; the same form is assumed for the other parameters.
  'missing-parameter': { status: 400, code: 100, type: 'OAuthException', message: ({ parameter }) => `The parameter ${parameter} is required.` },
  'invalid-parameter': { status: 400, code: 100, type: 'OAuthException', message: ({ message }) => message, details: ({ details }) => details ?? '' },
  'parameter-value-invalid': { status: 400, code: 131009, type: 'OAuthException', message: () => '(#131009) Parameter value is not valid', details: ({ details }) => details },
  // UNCONFIRMED: the code and wording Meta gives a body over 4,096 characters; 100 is the fact sheet's
  // expectation (131009 would be the other candidate). Only the 4,096 limit itself is confirmed.
  'text-too-long': {
    status: 400, code: 100, type: 'OAuthException', message: () => '(#100) Invalid parameter',
    details: ({ length }) => `Param text['body'] must be at most 4096 characters long; got ${length}.`,
  },
  // 404 per Meta's error table; public captures and stubs also show 400 for it.
  'template-missing': {
    status: 404, code: 132001, type: 'OAuthException', message: () => '(#132001) Template name does not exist in the translation',
    details: ({ name, language }) => `template name (${name}) does not exist in ${language}`,
  },
  'template-param-mismatch': {
    status: 400, code: 132000, type: 'OAuthException', message: () => '(#132000) Number of parameters does not match the expected number of params',
    details: ({ given, expected }) => `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
  },
  'rate-limit': { status: 429, code: 130429, type: 'OAuthException', message: () => '(#130429) Rate limit hit', details: () => 'Cloud API message throughput has been reached.' },
  server: { status: 500, code: 131000, type: 'OAuthException', message: () => '(#131000) Something went wrong', details: () => 'Something went wrong' },
  // The wording is Graph's; the HTTP status (404 here) is UNCONFIRMED: Graph may answer 400.
  'unknown-path': { status: 404, code: 2500, type: 'OAuthException', message: ({ path }) => `Unknown path components: ${path}` },
  // UNCONFIRMED: Meta's own limit and answer for an oversized body; only the Graph shape is real.
  'body-too-large': { status: 413, code: 100, type: 'OAuthException', message: ({ limitBytes }) => `(#100) The request body exceeds ${limitBytes} bytes` },
};

export interface GraphError {
  readonly status: number;
  readonly code: number;
  readonly type: string;
  readonly message: string;
  readonly subcode?: number;
  readonly details?: string;
}

export interface GraphErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: number;
    readonly error_data?: { readonly messaging_product: 'whatsapp'; readonly details: string };
    readonly error_subcode?: number;
    readonly fbtrace_id: string;
  };
}

/** The refusal Meta gives for `kind`, naming `subject` where its message does. */
export function graphError<K extends GraphErrorKind>(kind: K, ...subject: GraphErrorSubjects[K] extends undefined ? [] : [GraphErrorSubjects[K]]): GraphError {
  const entry: CatalogEntry<K> = CATALOG[kind];
  const value = subject[0] as GraphErrorSubjects[K];
  const details = entry.details?.(value);
  return {
    status: entry.status, code: entry.code, type: entry.type, message: entry.message(value),
    ...(entry.subcode === undefined ? {} : { subcode: entry.subcode }),
    ...(details ? { details } : {}),
  };
}

/** The JSON body Graph answers an error with; `fbtrace_id` is random, as Meta's differs per request. */
export function graphErrorBody(error: GraphError, fbtraceId = randomBytes(17).toString('base64url').slice(0, 23)): GraphErrorBody {
  return {
    error: {
      message: error.message, type: error.type, code: error.code,
      ...(error.details === undefined ? {} : { error_data: { messaging_product: 'whatsapp' as const, details: error.details } }),
      ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
      fbtrace_id: fbtraceId,
    },
  };
}

/** An error as it appears in a `failed` status webhook (no HTTP status; `href` to Meta's code table). */
export interface WhatsappWebhookError {
  readonly code: number;
  readonly title: string;
  readonly message?: string;
  readonly details?: string;
}

/** 131047: only ever asynchronous, in a `failed` status after the send itself was answered 200. */
export const REENGAGEMENT_ERROR: WhatsappWebhookError = {
  code: 131047,
  title: 'Re-engagement message',
  details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

/** What a planned `failed` status carries: Meta's usual asynchronous "undeliverable" (its details text is UNCONFIRMED). */
export const UNDELIVERABLE_ERROR: WhatsappWebhookError = {
  code: 131026,
  title: 'Message Undeliverable',
  details: 'Message Undeliverable.',
};
