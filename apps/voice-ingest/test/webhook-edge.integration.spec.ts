import { twilioSignature } from '@tributary/channel-voice';
import { bootApp, type BootedApp } from '@tributary/platform-testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { voiceIngestApp } from '../src/voice-ingest.app';

const TOKEN = 'test-auth-token-0123456789';
const PUBLIC = 'https://voice.example.com';
const LINE = '+498912345678';
const HEADERS_TIMEOUT_MS = 2_000;

/**
 * Sends `text` one byte a second on a raw socket; resolves when the server closes the connection, or
 * after `giveUpMs` (closing it then), so a server without a deadline fails the assertions, not the timeout.
 */
function dribble(url: string, text: string, giveUpMs: number): Promise<{ afterMs: number; bytesSent: number; received: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let bytesSent = 0;
    let received = '';
    const sendOne = () => {
      if (bytesSent < text.length && !socket.destroyed) socket.write(text.charAt(bytesSent++));
    };
    const timer = setInterval(sendOne, 1_000);
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('connect', sendOne);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ afterMs: Date.now() - started, bytesSent, received });
    });
  });
}

/**
 * The webhook edge with Kafka unreachable: slow clients cut off, refusals by size, signature, payload
 * and number, spooling, and a full spool. An integration suite although it needs no server: the
 * producer's connection attempts to the missing broker outlive the app by ~30 s (platform-kafka
 * retries), which a unit run should not wait for.
 */
describe('voice-ingest webhooks with no broker', () => {
  let directory: string;
  let booted: BootedApp;

  async function post(path: string, params: Record<string, string>, signature: string | null = twilioSignature(TOKEN, `${PUBLIC}${path}`, params)) {
    return postRaw(path, new URLSearchParams(params).toString(), signature);
  }

  async function postRaw(path: string, body: string, signature: string | null, contentType = 'application/x-www-form-urlencoded') {
    const response = await fetch(`${booted.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
      body,
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
      // Unreachable too: taking an SMS needs neither (the spool holds it).
      DATABASE_URL: 'postgres://tributary:unused@127.0.0.1:1/voice',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_WEBHOOK_BASE_URL: PUBLIC,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId: 'acme' } }),
      SPOOL_DIR: join(directory, 'spool'),
      SPOOL_MAX_BYTES: '4096',
      HANDOFF_TIMEOUT_MS: '100',
      BLOB_STORE_DIR: join(directory, 'blobs'),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: '10000',
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

  it('refuses a webhook signed for the URL this server sees rather than the public one', async () => {
    const signedForInternal = twilioSignature(TOKEN, `${booted.baseUrl}/twilio/sms`, sms(3));
    expect((await post('/twilio/sms', sms(3), signedForInternal)).status).toBe(403);
    expect(await readFile(join(directory, 'spool', 'spool.log'), 'utf8')).toBe('');
  });

  it('disconnects a client that sends its headers one byte a second once the headers deadline passes', async () => {
    const headers = `POST /twilio/sms HTTP/1.1\r\nHost: voice.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n`;
    const end = await dribble(booted.baseUrl, headers, 15_000);
    // Finishing its headers would take this client over a minute; Node checks the deadline once a second.
    expect(headers.length).toBeGreaterThan(60);
    expect(end.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(end.afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(end.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2_500);
    expect(end.bytesSent).toBeLessThan(10);
  });

  it("refuses a body over the Twilio routes' limit with 413 before checking or spooling it", async () => {
    // Properly signed and under the app-wide 100 KiB default: only the route's 64 KiB limit refuses it.
    const big = { ...sms(4), Body: 'x'.repeat(80 * 1024) };
    const answer = await post('/twilio/sms', big);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ message: `request body is larger than this route accepts (${64 * 1024} bytes)` });
    expect(await readFile(join(directory, 'spool', 'spool.log'), 'utf8')).toBe('');
  });

  it('refuses a signed payload that is not a flat Twilio form, and a malformed body, with 400', async () => {
    const nested = 'From=%2B4915112345678&To=%2B498912345678&Body[x]=1';
    const signed = twilioSignature(TOKEN, `${PUBLIC}/twilio/sms`, { From: '+4915112345678', To: LINE, 'Body[x]': '1' });
    expect((await postRaw('/twilio/sms', nested, signed)).status).toBe(400);
    // Bodies are read before any route's check, as Nest's own parsers did: unreadable JSON is 400 at once.
    expect((await postRaw('/twilio/sms', '{"From":', null, 'application/json')).status).toBe(400);
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
