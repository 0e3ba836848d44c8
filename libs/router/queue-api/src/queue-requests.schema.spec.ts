import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { parseContactMergeBody, parseListQuery, parseMergeBody, parseReplyBody, parseStatusBody, parseUnmergeBody } from './queue-requests.schema';

const TICKET_ID = '9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const cursorOf = (updatedAt: unknown, id: unknown = TICKET_ID) => Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url');

function refusal(query: Record<string, string>): QueueApiError {
  try {
    parseListQuery(query);
  } catch (error) {
    if (error instanceof QueueApiError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(query)} was accepted`);
}

describe('parseListQuery', () => {
  it('takes back a cursor the API printed (PostgreSQL text of updated_at, any offset)', () => {
    expect(parseListQuery({ cursor: cursorOf('2026-12-07 05:24:22.123456+00') }).after).toEqual({ updatedAt: '2026-12-07 05:24:22.123456+00', id: TICKET_ID });
    expect(parseListQuery({ cursor: cursorOf('2026-12-07 05:24:22+05:30') }).after?.updatedAt).toBe('2026-12-07 05:24:22+05:30');
  });

  it.each([
    ['a date that is no timestamp', cursorOf('yesterday')],
    ['a month 13', cursorOf('2026-13-07 05:24:22+00')],
    ['a 30th of February', cursorOf('2026-02-30 05:24:22+00')],
    ['the year 0', cursorOf('0000-01-01 00:00:00+00')],
    ['an offset PostgreSQL refuses', cursorOf('2026-12-07 05:24:22+16')],
    ['an id that is no uuid', cursorOf('2026-12-07 05:24:22+00', 'x')],
    ['bytes that are no cursor', 'bm90IGpzb24'],
  ])('answers a tampered cursor (%s) with a 400 naming the cursor, never letting it reach PostgreSQL', (_case, cursor) => {
    const error = refusal({ cursor });
    expect(error.code).toBe(QueueApiErrorCode.InvalidRequest);
    expect(error.message).toMatch(/cursor: is not a cursor this API returned/);
  });

  it.each(['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+16:00', '2026-02-30T00:00:00Z', 'yesterday'])('answers updatedSince=%s with a 400 naming updatedSince', (updatedSince) => {
    const error = refusal({ updatedSince });
    expect(error.code).toBe(QueueApiErrorCode.InvalidRequest);
    expect(error.message).toMatch(/updatedSince: /);
  });

  it('accepts the oldest and the farthest timestamp PostgreSQL stores from ISO 8601', () => {
    expect(parseListQuery({ updatedSince: '0001-01-01T00:00:00Z' }).updatedSince).toBe('0001-01-01T00:00:00Z');
    expect(parseListQuery({ updatedSince: '9999-12-31T23:59:59.999999-15:59' }).updatedSince).toBe('9999-12-31T23:59:59.999999-15:59');
  });
});

describe('request bodies PostgreSQL must store', () => {
  const TICKET = '9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';

  it.each([
    ['an unpaired surrogate (fuzz counterexample: {"text":"\\ud800","authorId":"a"})', '\ud800'],
    ['a trailing high surrogate', 'hello \ud83d'],
    ['a lone low surrogate', '\ude00 there'],
    ['a NUL character', 'a\u0000b'],
  ])('answers a reply text with %s with a 400 naming text, before any SQL', (_case, text) => {
    expect(() => parseReplyBody({ text, authorId: 'agent-1' })).toThrow(QueueApiError);
    expect(() => parseReplyBody({ text, authorId: 'agent-1' })).toThrow(/text: must be Unicode text without NUL characters or unpaired surrogates/);
  });

  it('refuses the same in who did it, on every route that stores it', () => {
    const bad = 'agent\u0000';
    for (const parse of [
      () => parseReplyBody({ text: 'hi', authorId: bad }),
      () => parseStatusBody({ status: 'solved', changedBy: bad }),
      () => parseMergeBody({ intoTicketId: TICKET, mergedBy: bad }),
      () => parseContactMergeBody({ intoContactId: TICKET, mergedBy: bad }),
      () => parseUnmergeBody({ unmergedBy: bad }),
    ]) {
      expect(parse).toThrow(QueueApiError);
    }
  });

  it('keeps every well-formed character, emoji (surrogate pairs) included', () => {
    expect(parseReplyBody({ text: 'Danke 😀 — ✓ 你好', authorId: 'agent-😀' })).toEqual({ text: 'Danke 😀 — ✓ 你好', authorId: 'agent-😀' });
  });
});
