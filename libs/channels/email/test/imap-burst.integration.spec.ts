import { randomUUID } from 'node:crypto';
import { waitFor } from '@tributary/platform-testing';
import { GREENMAIL_PROJECT_USERS, clearMailbox } from '../src/testing';
import { DEFAULT_IMAP_TIMINGS, type ImapPollerTimings } from '../src/imap/imap-mailbox-config';
import type { ImapMailboxPoller } from '../src/imap/imap-mailbox.poller';
import { ImapMetrics } from '../src/imap/imap-metrics';
import { emailHarness, type EmailHarness } from './email-test-harness';
import { customerMail, startTestPoller, supportMailbox } from './imap-test-support';

// A sweep far longer than the test's deadlines: whatever is picked up in time came through IDLE.
const TIMINGS: ImapPollerTimings = { ...DEFAULT_IMAP_TIMINGS, sweepIntervalMs: 60_000, watchdogMs: 10_000, reconnectInitialMs: 100, reconnectMaxMs: 500, leaseRetryMs: 200 };
const BURST = 30;
const BURST_DEADLINE_MS = 5_000;

describe('IMAP bursts against GreenMail, Kafka and Postgres', () => {
  const tenantId = `burst-${randomUUID().slice(0, 8)}`;
  let harness: EmailHarness;
  let poller: ImapMailboxPoller | undefined;

  const published = (messageId: string) => harness.published.records.filter((message) => message.thread.messageId === messageId).length;

  beforeAll(async () => {
    harness = await emailHarness(tenantId);
    await clearMailbox(GREENMAIL_PROJECT_USERS['channel-email'].support);
    await harness.db.dataSource.query('DELETE FROM email_mailbox_checkpoints');
  });
  afterAll(async () => {
    await poller?.stop();
    await harness.close();
  });

  it('a burst sent right after a mail was handed off is picked up in full through IDLE, not left for the sweep, and the lag gauge returns to 0', async () => {
    const metrics = new ImapMetrics();
    poller = startTestPoller(harness, supportMailbox(tenantId), TIMINGS, { metrics });
    await waitFor('the first sweep', async () => ((await metrics.lastSuccess.get()).values.length > 0), 10_000);

    // One mail first, handed off through IDLE: the burst then lands right after a hand-off.
    const first = await customerMail('before the burst');
    await waitFor('the first mail', () => published(first) === 1, 20_000);

    const submitted = Date.now();
    const burst = await Promise.all(Array.from({ length: BURST }, (_, index) => customerMail(`burst ${index}`)));
    const waited = await waitFor(`all ${BURST} mails of the burst`, () => burst.every((id) => published(id) === 1), BURST_DEADLINE_MS).catch(() => undefined);
    const missing = burst.filter((id) => published(id) === 0).length;
    expect({ missing, withinMs: BURST_DEADLINE_MS }).toEqual({ missing: 0, withinMs: BURST_DEADLINE_MS });
    expect(waited).toBeDefined();
    expect(Date.now() - submitted).toBeLessThan(TIMINGS.sweepIntervalMs);

    await waitFor('the lag gauge back at 0', async () => (await metrics.lag.get()).values.some((value) => value.labels['mailbox'] === `${tenantId}-support` && value.value === 0), 5_000);
    expect([first, ...burst].map(published)).toEqual(Array.from({ length: BURST + 1 }, () => 1));
  });
});
