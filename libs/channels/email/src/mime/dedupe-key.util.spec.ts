import { emailDedupeKey, type DedupeFacts } from './dedupe-key.util';

const facts: DedupeFacts = { messageId: undefined, from: 'jane@customer.example', to: ['support@acme.example'], date: 'Date: Tue, 24 Nov 2026 09:15:00 +0100', subject: 'No id', text: 'Hello\nsecond line', html: '<p>Hello</p>', attachments: [] };

describe('emailDedupeKey without a Message-ID', () => {
  it('does not change with line endings, trailing whitespace or trailing empty lines', () => {
    const copy = { ...facts, date: 'Date:  Tue, 24 Nov 2026 09:15:00 +0100 ', text: 'Hello \r\nsecond line\r\n\r\n', html: '<p>Hello</p>\r\n' };
    expect(emailDedupeKey(copy)).toEqual(emailDedupeKey(facts));
  });

  it('changes with what the sender wrote', () => {
    expect(emailDedupeKey({ ...facts, text: 'Hello!\nsecond line' }).dedupeKey).not.toBe(emailDedupeKey(facts).dedupeKey);
  });
});
