import { effectiveDedupeKey } from './dedupe-key';

describe('effectiveDedupeKey', () => {
  it('is the Message-ID for email, so copies in two mailboxes collide', () => {
    const inSupport = { channel: 'email' as const, dedupeKey: 'imap:support:INBOX:42', thread: { messageId: '<abc@mail.example>', references: [] } };
    const inSales = { channel: 'email' as const, dedupeKey: 'imap:sales:INBOX:7', thread: { messageId: 'abc@mail.example', references: [] } };
    expect(effectiveDedupeKey(inSupport)).toBe('email:abc@mail.example');
    expect(effectiveDedupeKey(inSales)).toBe(effectiveDedupeKey(inSupport));
  });

  it('falls back to the ingest key for email without a Message-ID', () => {
    expect(effectiveDedupeKey({ channel: 'email', dedupeKey: 'imap:support:INBOX:42', thread: { references: [] } })).toBe('imap:support:INBOX:42');
  });

  it('keeps the provider key on other channels', () => {
    expect(effectiveDedupeKey({ channel: 'sms', dedupeKey: 'twilio:message:SM1', thread: { references: [] } })).toBe('twilio:message:SM1');
  });
});
