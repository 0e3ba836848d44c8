import { twilioSignature } from '@tributary/channel-voice';
import { bootApp, type BootedApp } from '@tributary/platform-testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { voiceIngestApp } from '../src/voice-ingest.app';

const TOKEN = 'test-auth-token-0123456789';
const PUBLIC = 'https://voice.example.com';
const LINE = '+498912345678';

/**
 * The webhook edge with Kafka unreachable: refusals by signature and number, spooling, and a full
 * spool. An integration suite although it needs no server: the producer's connection attempts to the
 * missing broker outlive the app by ~30 s (platform-kafka retries), which a unit run should not wait for.
 */
describe('voice-ingest webhooks with no broker', () => {
  let directory: string;
  let booted: BootedApp;

  async function post(path: string, params: Record<string, string>, signature: string | null = twilioSignature(TOKEN, `${PUBLIC}${path}`, params)) {
    const response = await fetch(`${booted.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
  }

  const sms = (n: number, to = LINE): Record<string, string> => {
    const sid = `SM${String(n).padStart(32, '0')}`;
    return { MessageSid: sid, SmsSid: sid, AccountSid: `AC${'a'.repeat(32)}`, From: '+4915112345678', To: to, Body: `message ${n}`, NumMedia: '0' };
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-webhooks-'));
    booted = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: '127.0.0.1:1',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_WEBHOOK_BASE_URL: PUBLIC,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId: 'acme' } }),
      SPOOL_DIR: join(directory, 'spool'),
      SPOOL_MAX_BYTES: '4096',
      HANDOFF_TIMEOUT_MS: '100',
      BLOB_STORE_DIR: join(directory, 'blobs'),
    });
  });

  afterAll(async () => {
    await booted.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses unsigned, mis-signed and truncated-signature webhooks with 403, spooling nothing', async () => {
    const good = twilioSignature(TOKEN, `${PUBLIC}/twilio/sms`, sms(1));
    expect((await post('/twilio/sms', sms(1), null)).status).toBe(403);
    expect((await post('/twilio/sms', sms(1), good.slice(0, -4))).status).toBe(403);
    expect((await post('/twilio/sms', { ...sms(1), Body: 'changed' }, good)).status).toBe(403);
    expect(await readFile(join(directory, 'spool', 'spool.log'), 'utf8')).toBe('');
  });

  it('refuses a number no tenant owns with 404', async () => {
    expect((await post('/twilio/sms', sms(2, '+12025550100'))).status).toBe(404);
  });

  it('accepts into the spool while Kafka is away, then answers 503 with Retry-After once the spool is full', async () => {
    const statuses: number[] = [];
    let refused: { status: number; retryAfter: string | null } | undefined;
    for (let n = 10; n < 40 && !refused; n += 1) {
      const answer = await post('/twilio/sms', sms(n));
      if (answer.status === 503) refused = answer;
      else statuses.push(answer.status);
    }
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(refused).toMatchObject({ status: 503, retryAfter: '30' });
    const spooled = (await readFile(join(directory, 'spool', 'spool.log'), 'utf8')).trim().split('\n');
    expect(spooled).toHaveLength(statuses.length);
  });
});
