import { GraphErrorBodySchema, graphErrorReason, isRetriedGraphError, type GraphErrorBody } from './graph-api-error.util';

const error = (code: number, extra: Partial<GraphErrorBody['error']> = {}): GraphErrorBody => ({ error: { code, ...extra } });

describe('isRetriedGraphError', () => {
  it.each([500, 502, 503])('retries HTTP %i whatever the code says', (status) => {
    expect(isRetriedGraphError(status, error(100))).toBe(true);
  });

  it('retries HTTP 429 whatever the code says', () => {
    expect(isRetriedGraphError(429, error(131009))).toBe(true);
  });

  it('retries a refusal without a Graph error body', () => {
    expect(isRetriedGraphError(400, undefined)).toBe(true);
  });

  it.each([
    ['a bad or expired token', 401, 190],
    ['an unknown error', 400, 1],
    ['a temporary service error', 400, 2],
    ['the API call limit', 400, 4],
    ['the business use-case rate limit', 400, 80_007],
    ['the throughput limit', 400, 130_429],
    ['something went wrong', 400, 131_000],
    ['the pair rate limit', 400, 131_056],
    ['the number being unavailable', 400, 133_004],
  ])('retries %s (%i / %i)', (_case, status, code) => {
    expect(isRetriedGraphError(status, error(code))).toBe(true);
  });

  it.each([
    ['an invalid parameter', 400, 100],
    ['a parameter value that is not valid', 400, 131_009],
    ['a missing template', 404, 132_001],
    ['a template parameter mismatch', 400, 132_000],
    ['a recipient not in the allowed list', 400, 131_030],
  ])('does not retry %s (%i / %i): the reply fails', (_case, status, code) => {
    expect(isRetriedGraphError(status, error(code))).toBe(false);
  });
});

describe('graphErrorReason', () => {
  it("joins Graph's message and details, with the code as a string", () => {
    expect(
      graphErrorReason(error(132_001, { message: '(#132001) Template name does not exist in the translation', error_data: { details: 'template name (reengage) does not exist in en_US' } })),
    ).toEqual({ code: '132001', message: '(#132001) Template name does not exist in the translation: template name (reengage) does not exist in en_US' });
  });

  it('gives the message alone when there are no details, and the details alone when there is no message', () => {
    expect(graphErrorReason(error(100, { message: 'The parameter to is required.' }))).toEqual({ code: '100', message: 'The parameter to is required.' });
    expect(graphErrorReason(error(131_009, { error_data: { details: 'to is not a phone number' } }))).toEqual({ code: '131009', message: 'to is not a phone number' });
  });

  it('names the code when Graph says nothing else', () => {
    expect(graphErrorReason(error(131_030))).toEqual({ code: '131030', message: 'Graph API error 131030' });
  });

  it('keeps the reason within the 2,048 characters a delivery status holds', () => {
    const reason = graphErrorReason(error(100, { message: 'm'.repeat(3000), error_data: { details: 'd'.repeat(3000) } }));
    expect(reason.message).toHaveLength(2048);
  });
});

describe('GraphErrorBodySchema', () => {
  it("reads Graph's error shape, ignoring fields it does not declare", () => {
    const body = {
      error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam', is_transient: false },
    };
    expect(GraphErrorBodySchema.parse(body).error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
  });

  it('refuses a body without an integer code', () => {
    expect(GraphErrorBodySchema.safeParse({ error: { message: 'x' } }).success).toBe(false);
    expect(GraphErrorBodySchema.safeParse({ error: { code: '190' } }).success).toBe(false);
    expect(GraphErrorBodySchema.safeParse('<html>502</html>').success).toBe(false);
  });
});
