import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOCIAL_INGEST_MIGRATIONS } from '@tributary/channel-social';
import { APP_CONSUMER_GROUPS, bootApp, createTestDatabase, ownConsumerGroups, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { socialIngestApp } from '../src/social-ingest.app';

const OPERATOR_TOKEN = `operator-${randomUUID()}`;
const NUMBER = '+4915112345678';

interface SessionsView {
  sessions: { number: string; tenantId: string; state: { kind: string; reason?: string } }[];
}

/**
 * social-ingest with a whatsapp-web.js number, on the real PostgreSQL and Debian's Chromium, where
 * WhatsApp Web cannot be reached (no internet here): the session takes the number's lease, starts a
 * real Client and ends in a clear state with the reason, shown to operators behind their token; the
 * app stays up and answers.
 */
describe('whatsapp-web.js sessions in social-ingest', () => {
  let directory: string;
  let db: TestDatabase;
  let social: BootedApp;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'whatsapp-web-app-'));
    db = await createTestDatabase('social_wweb', { migrations: SOCIAL_INGEST_MIGRATIONS });
    social = await bootApp(socialIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      BLOB_STORE_DIR: join(directory, 'blobs'),
      WHATSAPP_WEB_NUMBERS: JSON.stringify({ [NUMBER]: { tenantId: `ww-${randomUUID().slice(0, 8)}` } }),
      WHATSAPP_WEB_AUTH_DIR: join(directory, 'auth'),
      WHATSAPP_WEB_OPERATOR_TOKEN: OPERATOR_TOKEN,
      WHATSAPP_WEB_RECONNECT_INITIAL_MS: '60000',
      WHATSAPP_WEB_START_TIMEOUT_MS: '30000',
      // The reply loop's own group, from the topic's end: no other suite's replies reach this app.
      ...(await ownConsumerGroups('whatsapp-web-sessions', APP_CONSUMER_GROUPS['social-ingest'])).env,
    });
  }, 120_000);

  afterAll(async () => {
    await social?.close();
    await db?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  async function sessions(token: string): Promise<{ status: number; body: SessionsView }> {
    const response = await fetch(`${social.baseUrl}/whatsapp-web/sessions`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as SessionsView };
  }

  it('shows operators each number and why its session is not ready, and nobody else', async () => {
    expect((await sessions(`${OPERATOR_TOKEN}x`)).status).toBe(401);
    await waitFor('the session to give up on WhatsApp Web', async () => ['failed', 'disconnected'].includes((await sessions(OPERATOR_TOKEN)).body.sessions[0]?.state.kind ?? ''), 60_000, 250);
    const { status, body } = await sessions(OPERATOR_TOKEN);
    expect(status).toBe(200);
    expect(body.sessions).toEqual([expect.objectContaining({ number: NUMBER, state: expect.objectContaining({ reason: expect.stringMatching(/WhatsApp Web/i) as unknown }) as unknown })]);
    expect((await fetch(`${social.baseUrl}/health/live`)).status).toBe(200);
  }, 90_000);
});
