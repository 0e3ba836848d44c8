import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { EmailNormalizer } from '../mime/email-normalizer.service';
import { EmailIntake, type ReceivedEmail } from './email-intake.service';

const blobDir = mkdtempSync(join(tmpdir(), 'email-intake-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

const mail = (raw: string): ReceivedEmail => ({ raw: Buffer.from(raw), tenantId: 'acme', inbox: { address: 'support@acme.example' }, provider: 'imap', receivedAt: new Date(), source: 'imap:test#1' });
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
      { afterKafkaAck: () => events.push('fault') },
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
