import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { EmailNormalizer } from '../mime/email-normalizer.service';
import type { QuarantinedEmail } from './email-intake.ports';
import { EmailIntake, type ReceivedEmail } from './email-intake.service';

const blobDir = mkdtempSync(join(tmpdir(), 'email-intake-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

const mail = (raw: string, source = 'imap:test#1'): ReceivedEmail => ({ raw: Buffer.from(raw, 'latin1'), tenantId: 'acme', inbox: { address: 'support@acme.example' }, provider: 'imap', receivedAt: new Date(), source });
const GOOD = 'From: jane@customer.example\r\nMessage-ID: <a@x>\r\nSubject: hi\r\n\r\nHello\r\n';
const NO_SENDER = 'Subject: nobody\r\n\r\nHello\r\n';

describe('EmailIntake: the test-only hand-off fault', () => {
  function intake(events: string[], publish: () => Promise<void>): EmailIntake {
    return new EmailIntake(
      new EmailNormalizer(blobStore),
      blobStore,
      { publish: async () => { await publish(); events.push('acked'); } },
      {
        record: () => {
          events.push('quarantined');
          return Promise.resolve();
        },
      },
      { remember: () => Promise.resolve(), isAutoSubmitted: () => Promise.resolve(false) },
      { fault: { afterKafkaAck: () => events.push('fault') } },
    );
  }

  it('fires right after Kafka acknowledged, before receive resolves to the caller', async () => {
    const events: string[] = [];
    await intake(events, () => Promise.resolve()).receive([mail(GOOD)]);
    events.push('caller records');
    expect(events).toEqual(['acked', 'fault', 'caller records']);
  });

  it('does not fire when nothing was published, or when Kafka refused', async () => {
    const events: string[] = [];
    await intake(events, () => Promise.resolve()).receive([mail(NO_SENDER)]);
    await expect(intake(events, () => Promise.reject(new Error('broker away'))).receive([mail(GOOD)])).rejects.toThrow('broker away');
    expect(events).toEqual(['quarantined', 'acked']);
  });
});

describe('EmailIntake: quarantined mail', () => {
  function intake(recorded: QuarantinedEmail[], lines: { message: string; fields: Readonly<Record<string, unknown>> }[]): EmailIntake {
    return new EmailIntake(
      new EmailNormalizer(blobStore),
      blobStore,
      { publish: () => Promise.resolve() },
      { record: (entry) => Promise.resolve(void recorded.push(entry)) },
      { remember: () => Promise.resolve(), isAutoSubmitted: () => Promise.resolve(false) },
      { logger: { event: (_level, _context, message, fields) => void lines.push({ message, fields }) } },
    );
  }

  it('logs one line per quarantined mail with where it came from, its Message-ID and the reason, and records the Message-ID', async () => {
    const recorded: QuarantinedEmail[] = [];
    const lines: { message: string; fields: Readonly<Record<string, unknown>> }[] = [];
    const source = 'smtp:10.0.0.7#a1b2c3 from <bounce@customer.example>';
    await intake(recorded, lines).receive([mail(`Message-ID:\r\n <lost\0-1@customer.example>\r\n${NO_SENDER}`, source), mail(GOOD), mail(NO_SENDER, 'imap:support#9')]);
    expect(recorded.map((entry) => [entry.source, entry.messageId, entry.code])).toEqual([
      [source, 'lost\0-1@customer.example', 'NO_SENDER'],
      ['imap:support#9', undefined, 'NO_SENDER'],
    ]);
    expect(lines).toEqual([
      { message: 'mail quarantined', fields: expect.objectContaining({ tenantId: 'acme', inbox: 'support@acme.example', source, messageId: 'lost\0-1@customer.example', code: 'NO_SENDER', reason: expect.stringContaining('From'), storageUri: expect.stringMatching(/^file:/) }) },
      { message: 'mail quarantined', fields: expect.objectContaining({ source: 'imap:support#9', messageId: null }) },
    ]);
  });
});
