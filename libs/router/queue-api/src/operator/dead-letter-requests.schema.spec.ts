import { TOPICS } from '@tributary/contracts';
import { DeadLetterErrorCode } from '@tributary/platform-kafka';
import { QueueApiErrorCode } from '../queue-api.error';
import { parseDeadLetterListQuery } from './dead-letter-requests.schema';

/** The error an action throws, to match its code and message. */
function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('it did not throw');
}

describe('the dead-letter list query', () => {
  it('reads the filters and the limit, with a default limit', () => {
    expect(parseDeadLetterListQuery({})).toEqual({ filter: {}, limit: 100 });
    expect(parseDeadLetterListQuery({ source: TOPICS.inbound, reason: 'on hold', since: '2026-12-07T10:00:00Z', until: '2026-12-08', limit: '5' })).toEqual({
      filter: { sourceTopic: TOPICS.inbound, reason: 'on hold', since: new Date('2026-12-07T10:00:00Z'), until: new Date('2026-12-08T00:00:00Z') },
      limit: 5,
    });
  });

  it('answers a bad parameter with a 400 code naming it', () => {
    expect(errorOf(() => parseDeadLetterListQuery({ limit: '0' }))).toMatchObject({ code: QueueApiErrorCode.InvalidRequest, message: expect.stringContaining('limit') });
    expect(errorOf(() => parseDeadLetterListQuery({ reason: ['a', 'b'] }))).toMatchObject({ code: QueueApiErrorCode.InvalidRequest, message: expect.stringContaining('reason') });
    expect(errorOf(() => parseDeadLetterListQuery({ since: 'last tuesday' }))).toMatchObject({ code: DeadLetterErrorCode.InvalidFilter, message: expect.stringContaining('since') });
  });
});
