import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountLeaseRepository } from '@tributary/channel-kit';
import { createTestDatabase, waitFor, type TestDatabase } from '@tributary/platform-testing';
import { InMemoryWhatsappWebPendingReplies } from '../src/whatsapp-web/in-memory-whatsapp-web-pending-replies.fake';
import { InMemoryWhatsappWebSentMessages } from '../src/whatsapp-web/in-memory-whatsapp-web-sent-messages.fake';
import { whatsappWebClientFactory } from '../src/whatsapp-web/whatsapp-web-client.factory';
import { WHATSAPP_WEB_MIGRATIONS } from '../src/whatsapp-web/whatsapp-web-migrations';
import { WhatsappWebSessionsService } from '../src/whatsapp-web/whatsapp-web-sessions.service';

const NUMBER = '+498912345678';

/** Processes whose command line names `needle` (Chromium gets the LocalAuth profile as --user-data-dir). */
function processesNaming(needle: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

/**
 * The real whatsapp-web.js Client with Debian's Chromium, where WhatsApp Web cannot be reached (no
 * internet here, and an unroutable proxy to be sure): the session must end in a clear state with a
 * reason, never a crash or an unhandled rejection, and leave no Chromium behind.
 */
describe('the real whatsapp-web.js Client, WhatsApp Web unreachable', () => {
  let db: TestDatabase;
  const authDir = mkdtempSync(join(tmpdir(), 'wweb-smoke-'));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    db = await createTestDatabase('wweb_smoke', { migrations: WHATSAPP_WEB_MIGRATIONS });
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await db?.drop();
    rmSync(authDir, { recursive: true, force: true });
  });

  it('becomes a failed session with a readiness reason, and Chromium is gone after destroy', async () => {
    const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
    const sessions = new WhatsappWebSessionsService(
      { [NUMBER]: { tenantId: 'acme' } },
      // A long first backoff: the one failed Client is all this test looks at.
      { leaseRetryMs: 1_000, leaseCheckMs: 1_000, reconnectInitialMs: 600_000, reconnectMaxMs: 600_000, startTimeoutMs: 30_000 },
      {
        leases: new AccountLeaseRepository(db.dataSource, 'whatsapp-web'),
        createClient: whatsappWebClientFactory({ authDir, chromiumPath: '/usr/bin/chromium', extraChromiumArgs: ['--proxy-server=127.0.0.1:9'] }),
        handoff: { handOff: () => Promise.reject(new Error('nothing can arrive here')) },
        sentMessages: new InMemoryWhatsappWebSentMessages(),
        pendingReplies: new InMemoryWhatsappWebPendingReplies(new InMemoryWhatsappWebSentMessages()),
        logger: { event: (level, _context, msg, fields = {}) => void logs.push({ level, msg, fields }) },
      },
    );
    sessions.start();
    try {
      const tookMs = await waitFor('a failed session', () => sessions.views()[0]?.state.kind === 'failed', 45_000, 100);
      const state = sessions.views()[0]?.state;
      expect(state).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^could not open WhatsApp Web: net::ERR_PROXY_CONNECTION_FAILED/) });
      expect(tookMs).toBeLessThan(45_000);
      await waitFor('the retry time', () => {
        const current = sessions.views()[0]?.state;
        return current?.kind === 'failed' && current.retryAt !== undefined;
      }, 20_000, 50);
      expect(sessions.problems()).toEqual([expect.stringMatching(/^WhatsApp number \+498912345678: failed \(could not open WhatsApp Web: net::ERR_PROXY_CONNECTION_FAILED.*\); retrying at /)]);
      // The failed Client was destroyed before the retry wait: its browser is gone already.
      await waitFor('Chromium to exit', () => processesNaming(authDir).length === 0, 10_000, 100);
      // Chromium really ran, with the LocalAuth profile on the configured directory.
      expect(readdirSync(authDir)).toContain('session-498912345678');
    } finally {
      await sessions.stop();
    }
    expect(processesNaming(authDir)).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'session failed; a new Client starts after a delay' }));
  }, 90_000);

  it('closes a browser whose launch was still under way when the Client was destroyed', async () => {
    const dir = mkdtempSync(join(authDir, 'early-'));
    const client = whatsappWebClientFactory({ authDir: dir, chromiumPath: '/usr/bin/chromium', extraChromiumArgs: ['--proxy-server=127.0.0.1:9'] })(NUMBER);
    const initializing = client.initialize().then(
      () => 'resolved',
      (error: unknown) => `rejected: ${String(error)}`,
    );
    // Before puppeteer's launch resolved: whatsapp-web.js itself has no browser to close yet.
    await client.destroy();
    expect(await initializing).toMatch(/^rejected|^resolved/);
    await waitFor('Chromium to exit', () => processesNaming(dir).length === 0, 10_000, 100);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
