import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TOPICS } from '@tributary/contracts';
import { createTestDatabase } from '@tributary/platform-testing';
import type { InboundPublisherPort, QuarantinedEmail } from '../src/intake/email-intake.ports';
import { EmailQuarantineCode } from '../src/mime/email-quarantine.error';
import { EmailIngestSchema1764300000000 } from '../src/persistence/1764300000000-email-ingest-schema.migration';
import { EmailQuarantineOnce1796241900000 } from '../src/persistence/1796241900000-email-quarantine-once.migration';
import { EmailIngestStateRepository } from '../src/persistence/email-ingest-state.repository';
import { emailHarness, type EmailHarness } from './email-test-harness';

describe('quarantine: one row per mail, however often its hand-off is retried', () => {
  const tenantId = `quar-${randomUUID().slice(0, 8)}`;
  let harness: EmailHarness;
  /** Kafka refuses the first hand-off, as when the broker is away; the caller retries the batch. */
  let refuseNext = true;
  const flakyPublisher: InboundPublisherPort = {
    publish: async (messages) => {
      if (refuseNext) {
        refuseNext = false;
        throw new Error('Kafka did not acknowledge');
      }
      await harness.publisher.publish(
        TOPICS.inbound,
        InboundMessageV1,
        messages.map((value) => ({ key: `${value.tenantId}:${value.sender.identities[0]?.value ?? ''}`, value })),
      );
    },
  };

  beforeAll(async () => {
    harness = await emailHarness(tenantId, flakyPublisher);
  });
  afterAll(() => harness.close());

  it('a batch retried after Kafka refused it records its unreadable mail once, and publishes the good one', async () => {
    const messageId = `${randomUUID()}@customer.example`;
    const batch = [
      { raw: Buffer.from(`To: support@acme.example\r\nSubject: no sender\r\nMessage-ID: <q-${messageId}>\r\n\r\nbody\r\n`), source: 'imap:quar#7' },
      { raw: Buffer.from(`From: jane@customer.example\r\nTo: support@acme.example\r\nSubject: fine\r\nMessage-ID: <${messageId}>\r\n\r\nHello\r\n`), source: 'imap:quar#8' },
    ].map((mail) => ({ ...mail, tenantId, inbox: { address: 'support@acme.example' }, provider: 'imap' as const, receivedAt: new Date() }));

    await expect(harness.intake.receive(batch)).rejects.toThrow('Kafka did not acknowledge');
    await expect(harness.intake.receive(batch)).resolves.toEqual({ published: 1, quarantined: 1, autoSubmitted: 0, quarantines: [{ code: 'NO_SENDER', reason: expect.stringContaining('no valid sender') as unknown }] });

    expect(await harness.state.quarantined(tenantId)).toEqual([expect.objectContaining({ code: 'NO_SENDER', source: 'imap:quar#7' })]);
  });

  it('the repository records the same mail for the same inbox once, and the same mail for another inbox again', async () => {
    const entry: QuarantinedEmail = {
      tenantId,
      inbox: 'sales@acme.example',
      source: 'smtp:10.0.0.7',
      code: EmailQuarantineCode.TooLarge,
      reason: 'too large',
      storageUri: `file:///blobs/${'ab'.repeat(32)}`,
      sizeBytes: 10,
    };
    await harness.state.record(entry);
    await harness.state.record({ ...entry, source: 'smtp:10.0.0.8' });
    await harness.state.record({ ...entry, inbox: 'billing@acme.example' });
    const rows = await harness.db.dataSource.query<{ inbox: string; source: string }[]>('SELECT inbox, source FROM email_quarantine WHERE storage_uri = $1 ORDER BY id', [entry.storageUri]);
    expect(rows).toEqual([
      { inbox: 'sales@acme.example', source: 'smtp:10.0.0.7' },
      { inbox: 'billing@acme.example', source: 'smtp:10.0.0.7' },
    ]);
  });

  it('the migration keeps the oldest of the repeats already recorded before it', async () => {
    const db = await createTestDatabase('email_quarantine_migration', { migrations: [EmailIngestSchema1764300000000] });
    try {
      const insert = (source: string, uri: string) =>
        db.dataSource.query(`INSERT INTO email_quarantine (tenant_id, inbox, source, code, reason, storage_uri, size_bytes) VALUES ('acme', 'support@acme.example', $1, 'NO_SENDER', 'r', $2, 1)`, [source, uri]);
      await insert('first', 'file:///a');
      await insert('repeat', 'file:///a');
      await insert('other', 'file:///b');
      const runner = db.dataSource.createQueryRunner();
      const interloper = db.dataSource.createQueryRunner();
      let interloperError: unknown;
      try {
        // As migrate.main runs it: in its own transaction. Right after the DELETE, a running
        // email-ingest records the same mail again; it must wait for the migration, not slip in.
        await runner.startTransaction();
        await new EmailQuarantineOnce1796241900000().up({
          query: async (sql: string) => {
            const result: unknown = await runner.query(sql);
            if (sql.includes('DELETE')) {
              await interloper.startTransaction();
              await interloper.query(`SET LOCAL lock_timeout = '300ms'`);
              interloperError = await interloper
                .query(`INSERT INTO email_quarantine (tenant_id, inbox, source, code, reason, storage_uri, size_bytes) VALUES ('acme', 'support@acme.example', 'racing', 'NO_SENDER', 'r', 'file:///a', 1)`)
                .then(() => undefined, (error: unknown) => error);
              await interloper.rollbackTransaction();
            }
            return result;
          },
        });
        await runner.commitTransaction();
      } finally {
        await interloper.release();
        await runner.release();
      }
      expect(interloperError).toEqual(expect.objectContaining({ message: expect.stringMatching(/lock timeout/) }));
      expect(await db.dataSource.query('SELECT source FROM email_quarantine ORDER BY id')).toEqual([{ source: 'first' }, { source: 'other' }]);
      await new EmailIngestStateRepository(db.dataSource).record({ tenantId: 'acme', inbox: 'support@acme.example', source: 'again', code: EmailQuarantineCode.NoSender, reason: 'r', storageUri: 'file:///a', sizeBytes: 1 });
      expect(await db.dataSource.query('SELECT count(*)::int AS count FROM email_quarantine')).toEqual([{ count: 2 }]);
    } finally {
      await db.drop();
    }
  });
});
