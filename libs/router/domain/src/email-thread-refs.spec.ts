import { normalizeMessageId, threadAncestors } from './email-thread-refs';

describe('email thread references', () => {
  it('lists In-Reply-To first, then References newest first, without repeats', () => {
    const thread = { inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] };
    expect(threadAncestors({ thread })).toEqual(['c@x', 'b@x', 'a@x']);
  });

  it('works with References alone (some clients omit In-Reply-To)', () => {
    expect(threadAncestors({ thread: { references: ['a@x', 'b@x'] } })).toEqual(['b@x', 'a@x']);
  });

  it('strips angle brackets but keeps case', () => {
    expect(normalizeMessageId(' <CAF8s9dk2@Mail.example.org> ')).toBe('CAF8s9dk2@Mail.example.org');
  });
});
