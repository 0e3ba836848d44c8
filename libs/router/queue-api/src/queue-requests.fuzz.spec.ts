import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { isPostgresTimestamp } from './postgres-timestamp.util';
import { parseContactMergeBody, parseListQuery, parseMergeBody, parseReplyBody, parseStatusBody, parseUnmergeBody } from './queue-requests.schema';

/**
 * The queue API's request parsing fed anything a query string or a JSON body can hold: it either
 * refuses with QueueApiError(INVALID_REQUEST) (a 400) or returns values PostgreSQL takes as they are,
 * so no request reaches SQL that would fail there with a 500.
 */

/** NUL, and a UTF-16 half without its partner: what PostgreSQL's text and jsonb refuse. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\u0000', 'a\ud800', '\udc00b', '😀', '0000-01-01T00:00:00Z', '2026-12-07T10:00:00+16:00'));
const timestamp = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('T', ' '))
    .map(([y, mo, d, h, off, mi, sep]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${sep}${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00${off % 2 ? 'Z' : `+${String(off).padStart(2, '0')}:00`}`),
  anyText,
);
const cursor = fc.oneof(
  fc.tuple(timestamp, fc.oneof(fc.uuid(), anyText)).map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
  anyText,
);
/** Express's query parser gives strings, lists of strings for a repeated name, nothing else. */
const queryValue = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) });
const query = fc.record(
  {
    status: queryValue(fc.oneof(fc.constantFrom('open', 'pending', 'solved', 'closed'), anyText)),
    channel: queryValue(fc.oneof(fc.constantFrom('email', 'sms', 'voice'), anyText)),
    updatedSince: queryValue(timestamp),
    cursor: queryValue(cursor),
    limit: queryValue(fc.oneof(fc.integer({ min: -5, max: 300 }).map(String), fc.constantFrom('1e2', '0x10', '50.5', '', 'NaN', 'Infinity', ' 7 '))),
    other: anyText,
  },
  { requiredKeys: [] },
);

function refusedOr<T>(parse: () => T): T | 'refused' {
  try {
    return parse();
  } catch (error) {
    if (error instanceof QueueApiError && error.code === QueueApiErrorCode.InvalidRequest) return 'refused';
    throw error;
  }
}

describe('queue API request parsing under generated input', () => {
  it('takes a ticket list query PostgreSQL can run, or refuses it with a 400', () => {
    fc.assert(
      fc.property(fc.oneof(query, fc.anything({ maxDepth: 2 })), (input) => {
        const filter = refusedOr(() => parseListQuery(input));
        if (filter === 'refused') return;
        expect(Number.isSafeInteger(filter.limit) && filter.limit >= 1 && filter.limit <= 200).toBe(true);
        if (filter.updatedSince !== undefined) expect(isPostgresTimestamp(filter.updatedSince)).toBe(true);
        if (filter.after !== undefined) expect(isPostgresTimestamp(filter.after.updatedAt)).toBe(true);
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);

  it('takes request bodies whose free text PostgreSQL can store, or refuses them with a 400', () => {
    const id = fc.oneof(fc.uuid(), anyText);
    const text = fc.oneof(anyText, fc.string({ maxLength: 30 }));
    const body = fc.oneof(
      fc.record({ text, authorId: text, channel: fc.oneof(fc.constantFrom('sms', 'email'), anyText), status: fc.oneof(fc.constantFrom('open', 'solved'), anyText), changedBy: text, intoTicketId: id, intoContactId: id, mergedBy: text, unmergedBy: text }, { requiredKeys: [] }),
      fc.anything({ maxDepth: 2 }),
    );
    const parsers = [parseReplyBody, parseStatusBody, parseMergeBody, parseContactMergeBody, parseUnmergeBody];
    fc.assert(
      fc.property(fc.constantFrom(...parsers), body, (parse, input) => {
        const parsed = refusedOr(() => parse(input));
        if (parsed === 'refused') return;
        for (const value of Object.values(parsed)) if (typeof value === 'string') expect(UNSTORABLE.test(value)).toBe(false);
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);
});
