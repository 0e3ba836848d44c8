import type { QuarantinedMail } from '@tributary/channel-email';
import { quarantineListText, quarantineRedriveText, quarantineShowText, quarantineView } from './email-quarantine-output';

const mail: QuarantinedMail = {
  id: '7',
  tenantId: 'acme',
  inbox: 'support@acme.example',
  source: 'smtp:127.0.0.1#a1b2 from <mta@customer.example>',
  messageId: 'parts-1@customer.example',
  code: 'TOO_MANY_PARTS',
  reason: 'more than 2\nMIME parts',
  storageUri: 'file:///var/lib/tributary/blobs/ab/abcd',
  sizeBytes: 812,
  quarantinedAt: new Date('2026-12-07T10:00:00.000Z'),
  redrivenAt: null,
  redriveCount: 0,
  redriveOutcome: null,
};

describe('quarantine output', () => {
  it('lists one aligned line per mail: id, time, inbox, source, Message-ID, re-drive, reason on one line', () => {
    expect(quarantineListText([mail], 3).split('\n')).toEqual([
      '1 of 3 matching quarantined mails',
      'ID  TIME                      INBOX                 SOURCE                                           MESSAGE-ID                REDRIVEN  REASON',
      '7   2026-12-07T10:00:00.000Z  support@acme.example  smtp:127.0.0.1#a1b2 from <mta@customer.example>  parts-1@customer.example  -         TOO_MANY_PARTS: more than 2 MIME parts',
      '',
    ]);
  });

  it('shows where the raw mail is and what re-drives did', () => {
    const text = quarantineShowText({ ...mail, redrivenAt: new Date('2026-12-07T11:00:00.000Z'), redriveCount: 2, redriveOutcome: 'published' });
    expect(text).toContain('raw mail     file:///var/lib/tributary/blobs/ab/abcd (812 bytes)\n');
    expect(text).toContain('message-id   parts-1@customer.example\n');
    expect(text).toContain('re-driven    2 times, last 2026-12-07T11:00:00.000Z: published\n');
    expect(quarantineShowText({ ...mail, messageId: null })).toContain('message-id   (none)\n');
    expect(quarantineShowText(mail)).toContain('re-driven    never\n');
    expect(quarantineView(mail)).toMatchObject({ quarantinedAt: '2026-12-07T10:00:00.000Z', redrivenAt: null });
  });

  it('says what a re-drive did', () => {
    expect(quarantineRedriveText({ id: '7', outcome: 'published' })).toMatch(/^re-drove 7: handed to Kafka/);
    expect(quarantineRedriveText({ id: '7', outcome: 'quarantined', code: 'TOO_MANY_PARTS', reason: 'more than 2 MIME parts' })).toBe('re-drove 7: quarantined again: TOO_MANY_PARTS: more than 2 MIME parts\n');
  });
});
