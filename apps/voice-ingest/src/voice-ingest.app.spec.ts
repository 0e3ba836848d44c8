import { bootApp, type BootedApp } from '@tributary/platform-testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { voiceIngestApp } from './voice-ingest.app';

const ENV = {
  KAFKA_BROKERS: '127.0.0.1:1',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
  TWILIO_WEBHOOK_BASE_URL: 'https://voice.example.com',
  TWILIO_NUMBERS: '{"+498912345678":{"tenantId":"acme"}}',
  DATABASE_URL: 'postgres://tributary:unused@127.0.0.1:1/voice',
};

describe('voice-ingest without a reachable broker or database', () => {
  let directory: string;
  let booted: BootedApp;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-ingest-'));
    booted = await bootApp(voiceIngestApp, { ...ENV, SPOOL_DIR: join(directory, 'spool'), BLOB_STORE_DIR: join(directory, 'blobs') });
  });

  afterAll(async () => {
    await booted.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('answers liveness and stays ready, because webhooks are still safe in the spool', async () => {
    expect((await booted.get('/health/live')).status).toBe(200);
    const ready = await booted.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ checks: { spool: { status: 'up' } } });
  });

  it('serves Prometheus metrics labelled with the app name', async () => {
    const metrics = (await booted.get('/metrics')).body;
    expect(metrics).toContain('process_resident_memory_bytes{app="voice-ingest"}');
    expect(metrics).toContain('tributary_voice_pending_voicemails{app="voice-ingest"} 0');
    expect(metrics).toContain('# TYPE tributary_voice_voicemail_fallbacks_total counter');
  });
});
