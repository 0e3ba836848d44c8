import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeHttpEdges } from '@tributary/platform-testing';
import { voiceIngestApp } from './voice-ingest.app';

const directory = mkdtempSync(join(tmpdir(), 'voice-ingest-edges-'));

// No server is needed: the edges hold before any route reaches Kafka or Postgres (port 1: nothing listens).
describeHttpEdges(voiceIngestApp, {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
  TWILIO_WEBHOOK_BASE_URL: 'https://voice.example.com',
  TWILIO_NUMBERS: '{"+498912345678":{"tenantId":"acme"}}',
  DATABASE_URL: 'postgres://tributary:unused@127.0.0.1:1/voice',
  SPOOL_DIR: join(directory, 'spool'),
  BLOB_STORE_DIR: join(directory, 'blobs'),
});
