import { randomUUID } from 'node:crypto';
import { waitFor } from '@tributary/platform-testing';
import { GREENMAIL_PROJECT_USERS, TcpProxy, clearMailbox, mailServer, readMailbox, submitMail } from '../src/testing';
import { DEFAULT_IMAP_TIMINGS, type ImapMailboxConfig, type ImapPollerTimings } from '../src/imap/imap-mailbox-config';
import type { ImapMailboxPoller } from '../src/imap/imap-mailbox.poller';
import { MailboxCheckpointRepository, type MailboxCheckpoint } from '../src/persistence/mailbox-checkpoint.repository';
import { emailHarness, type EmailHarness } from './email-test-harness';
import { customerMail, startTestPoller, supportMailbox } from './imap-test-support';

const TIMINGS: ImapPollerTimings = { ...DEFAULT_IMAP_TIMINGS, sweepIntervalMs: 1_000, watchdogMs: 5_000, reconnectInitialMs: 100, reconnectMaxMs: 500, leaseRetryMs: 200 };

describe('IMAP intake against GreenMail, Kafka and Postgres', () => {
  const tenantId = `imap-${randomUUID().slice(0, 8)}`;
  const { support } = GREENMAIL_PROJECT_USERS['channel-email'];
  let harness: EmailHarness;
  const pollers: ImapMailboxPoller[] = [];

  function mailbox(overrides: Partial<ImapMailboxConfig> = {}): ImapMailboxConfig {
    return supportMailbox(tenantId, overrides);
  }

  function startPoller(config: ImapMailboxConfig, checkpoints?: Pick<MailboxCheckpointRepository, 'load' | 'save'>): ImapMailboxPoller {
    const poller = startTestPoller(harness, config, TIMINGS, { checkpoints });
    pollers.push(poller);
    return poller;
  }

  const publishedWith = (messageId: string) => harness.published.records.filter((message) => message.thread.messageId === messageId);

  beforeAll(async () => {
    harness = await emailHarness(tenantId);
  });
  beforeEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await clearMailbox(support);
    await harness.db.dataSource.query('DELETE FROM email_mailbox_checkpoints');
  });
  afterAll(async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    await harness.close();
  });

  it('hands each new mail to Kafka once, never marks it \\Seen, and checkpoints its UID', async () => {
    startPoller(mailbox());
    const first = await customerMail('first');
    const second = await customerMail('second');
    await waitFor('both mails on the inbound topic', () => publishedWith(first).length === 1 && publishedWith(second).length === 1, 20_000);
    expect(publishedWith(first)[0]).toMatchObject({ tenantId, channel: 'email', provider: 'imap', sender: { identities: [{ kind: 'email', value: 'jane@customer.example' }] }, subject: 'first', text: 'About first' });
    const inMailbox = await readMailbox(support);
    expect(inMailbox.map((entry) => entry.flags.includes('\\Seen'))).toEqual([false, false]);
    const [checkpoint] = await harness.db.dataSource.query<{ last_uid: string }[]>('SELECT last_uid FROM email_mailbox_checkpoints WHERE mailbox_key = $1', [mailbox().key]);
    expect(Number(checkpoint?.last_uid)).toBe(Math.max(...inMailbox.map((entry) => entry.uid)));
    // Another sweep interval passes: nothing is published twice.
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMINGS.sweepIntervalMs));
    expect([publishedWith(first).length, publishedWith(second).length]).toEqual([1, 1]);
  });

  // A checkpoint write that fails (the database went away) inside one poller; the real kill of the
  // process at this point is proven in apps/email-ingest's journey suite.
  it('the checkpoint write fails after the Kafka ack: the next poller re-sends the mail with the same dedupe key, and nothing is lost', async () => {
    const real = new MailboxCheckpointRepository(harness.db.dataSource);
    let crashed = false;
    const crashingOnce = {
      load: (key: string) => real.load(key),
      save: async (key: string, checkpoint: MailboxCheckpoint) => {
        if (!crashed) {
          crashed = true;
          throw new Error('killed before the checkpoint was written');
        }
        await real.save(key, checkpoint);
      },
    };
    const messageId = await customerMail('crash');
    const first = startPoller(mailbox(), crashingOnce);
    await waitFor('the crash after the hand-off', () => crashed && publishedWith(messageId).length === 1, 20_000);
    await first.stop();
    startPoller(mailbox());
    const later = await customerMail('after the restart');
    await waitFor('the re-read and the next mail', () => publishedWith(messageId).length === 2 && publishedWith(later).length === 1, 20_000);
    const [before, after] = publishedWith(messageId);
    expect(after?.dedupeKey).toBe(before?.dedupeKey);
    expect(after?.dedupeKey).toBe(`email:${messageId}`);
  });

  it('a connection dropped while idling is reopened, and new mail is picked up within the sweep interval', async () => {
    const proxy = new TcpProxy(mailServer().host, mailServer().imapPort);
    await proxy.start();
    try {
      startPoller(mailbox({ port: proxy.port }));
      const before = await customerMail('before the drop');
      await waitFor('the first mail', () => publishedWith(before).length === 1, 20_000);
      proxy.cut();
      const after = await customerMail('after the drop');
      await waitFor('the mail sent after the drop', () => publishedWith(after).length === 1, 20_000);
      expect(proxy.openConnections).toBeGreaterThan(0);
    } finally {
      await proxy.stop();
    }
  });

  it('two replicas on one mailbox: only the lease holder reads it, and the other takes over when it stops', async () => {
    const holder = startPoller(mailbox());
    await waitFor('the first replica to take the lease', async () => (await harness.db.dataSource.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted`)).length > 0, 10_000);
    startPoller(mailbox());
    const messageIds = await Promise.all([customerMail('lease 1'), customerMail('lease 2'), customerMail('lease 3')]);
    await waitFor('all three mails', () => messageIds.every((id) => publishedWith(id).length >= 1), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMINGS.sweepIntervalMs));
    expect(messageIds.map((id) => publishedWith(id).length)).toEqual([1, 1, 1]);
    await holder.stop();
    const takeover = await customerMail('after the holder stopped');
    await waitFor('the second replica to read the mailbox', () => publishedWith(takeover).length === 1, 20_000);
  });

  it('a changed UIDVALIDITY re-reads the whole mailbox (the router drops what it already has by dedupe key)', async () => {
    const messageId = await customerMail('before the UIDVALIDITY change');
    await new MailboxCheckpointRepository(harness.db.dataSource).save(mailbox().key, { uidValidity: 1n, lastUid: 1_000_000 });
    startPoller(mailbox());
    await waitFor('the mail below the stale checkpoint', () => publishedWith(messageId).length === 1, 20_000);
    const [checkpoint] = await harness.db.dataSource.query<{ uid_validity: string; last_uid: string }[]>('SELECT uid_validity, last_uid FROM email_mailbox_checkpoints WHERE mailbox_key = $1', [mailbox().key]);
    expect(checkpoint?.uid_validity).not.toBe('1');
    expect(Number(checkpoint?.last_uid)).toBeLessThan(1_000_000);
  });

  it('moves handed-off mail to the processed folder when one is configured', async () => {
    await clearMailbox(support, 'Processed');
    startPoller(mailbox({ processedFolder: 'Processed' }));
    const messageId = await customerMail('to be moved');
    await waitFor('the mail in Processed', async () => (await readMailbox(support, 'Processed')).some((entry) => entry.raw.includes(messageId)), 20_000);
    expect(publishedWith(messageId)).toHaveLength(1);
    expect((await readMailbox(support)).some((entry) => entry.raw.includes(messageId))).toBe(false);
  });

  it('keeps a mail it cannot normalize in quarantine with its reason, and goes on with the next', async () => {
    startPoller(mailbox());
    // GreenMail writes the envelope sender into Return-Path, which would name a sender to answer: one no reply can reach.
    await submitMail({ envelope: { from: 'robot@localhost', to: [support.address] }, raw: `To: ${support.address}\r\nSubject: no sender\r\nMessage-ID: <q-${tenantId}@x>\r\n\r\nbody\r\n` });
    const next = await customerMail('after the quarantined one');
    await waitFor('the next mail', () => publishedWith(next).length === 1, 20_000);
    expect(await harness.state.quarantined(tenantId)).toEqual([expect.objectContaining({ code: 'NO_SENDER', source: expect.stringMatching(/^imap:/), storageUri: expect.stringMatching(/^file:/) })]);
  });
});
