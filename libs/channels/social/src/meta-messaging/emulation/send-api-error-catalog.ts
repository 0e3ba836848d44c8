import { randomBytes } from 'node:crypto';

/**
 * The Send API's refusals, in Graph's error shape, with the codes and subcodes Meta's Messenger
 * Platform "Common Error Codes" table and public integrations give them. The HTTP status Graph
 * answers each with is UNCONFIRMED beyond "a 4xx for a refusal, 5xx for Meta's own failure"; the
 * code and subcode are what clients branch on.
 */
export type SendApiErrorKind =
  | 'invalid-token'
  | 'invalid-parameter'
  | 'no-matching-user'
  | 'person-unavailable'
  | 'outside-window'
  | 'outside-human-agent-window'
  | 'rate-limit'
  | 'no-permission'
  | 'permissions-error'
  | 'server'
  | 'unknown-path'
  | 'body-too-large';

export interface SendApiError {
  readonly status: number;
  readonly code: number;
  readonly subcode?: number;
  readonly type: string;
  readonly message: string;
}

const POLICY = 'https://developers.facebook.com/docs/messenger-platform/policy-overview';

const CATALOG: Readonly<Record<SendApiErrorKind, SendApiError>> = {
  'invalid-token': { status: 400, code: 190, type: 'OAuthException', message: 'Invalid OAuth access token - Cannot parse access token' },
  'invalid-parameter': { status: 400, code: 100, type: 'OAuthException', message: '(#100) Invalid parameter' },
  'no-matching-user': { status: 400, code: 100, subcode: 2018001, type: 'OAuthException', message: '(#100) No matching user found' },
  'person-unavailable': { status: 400, code: 551, subcode: 1545041, type: 'OAuthException', message: "(#551) This person isn't available right now." },
  'outside-window': { status: 400, code: 10, subcode: 2018278, type: 'OAuthException', message: '(#10) This message is sent outside of allowed window.' },
  'outside-human-agent-window': {
    status: 400, code: 10, subcode: 2534022, type: 'OAuthException',
    message: `(#10) This message is sent outside of allowed window. Learn more about the new policy here: ${POLICY}`,
  },
  'rate-limit': { status: 400, code: 613, type: 'OAuthException', message: '(#613) Calls to this api have exceeded the rate limit.' },
  'no-permission': { status: 403, code: 10, type: 'OAuthException', message: '(#10) Application does not have permission for this action' },
  'permissions-error': { status: 403, code: 200, type: 'OAuthException', message: '(#200) Permissions error' },
  server: { status: 500, code: 2, type: 'OAuthException', message: 'An unexpected error has occurred. Please retry your request later.' },
  'unknown-path': { status: 400, code: 2500, type: 'OAuthException', message: 'Unknown path components' },
  'body-too-large': { status: 413, code: 100, type: 'OAuthException', message: '(#100) The request body is too large' },
};

/** What `failNext(code)` makes the next send answer, by the code (or subcode) a test names. */
const BY_CODE: ReadonlyMap<number, SendApiErrorKind> = new Map([
  [190, 'invalid-token'], [100, 'invalid-parameter'], [2018001, 'no-matching-user'], [551, 'person-unavailable'], [1545041, 'person-unavailable'],
  [2018278, 'outside-window'], [2534022, 'outside-human-agent-window'], [613, 'rate-limit'], [10, 'no-permission'], [200, 'permissions-error'],
  [2, 'server'], [500, 'server'],
]);

export function sendApiError(kind: SendApiErrorKind, detail?: string): SendApiError {
  const entry = CATALOG[kind];
  return detail === undefined ? entry : { ...entry, message: `${entry.message}: ${detail}` };
}

export function sendApiErrorForCode(code: number): SendApiError {
  const kind = BY_CODE.get(code);
  if (kind === undefined) throw new Error(`the Send API emulation cannot fail with ${code}; it knows ${[...BY_CODE.keys()].join(', ')}`);
  return CATALOG[kind];
}

/** The JSON Graph answers a refusal with; `fbtrace_id` random, as Meta's differs per request. */
export function sendApiErrorBody(error: SendApiError): { error: Record<string, unknown> } {
  return {
    error: {
      message: error.message, type: error.type, code: error.code,
      ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
      fbtrace_id: randomBytes(17).toString('base64url').slice(0, 23),
    },
  };
}
