import { loadAppConfig } from '@tributary/platform-app';
import { voiceIngestApp } from './voice-ingest.app';

const VALID = {
  KAFKA_BROKERS: 'localhost:9092',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
  TWILIO_WEBHOOK_BASE_URL: 'https://voice.example.com/',
  TWILIO_NUMBERS: '{"+498912345678":{"tenantId":"acme","businessHours":{"timeZone":"Europe/Berlin","open":"09:00","close":"17:00"}}}',
  DATABASE_URL: 'postgres://tributary:secret@db:5432/tributary_voice',
};

describe('voice-ingest configuration', () => {
  it('loads a valid environment, trimming the public URL and defaulting the rest', () => {
    const config = loadAppConfig(voiceIngestApp, VALID);
    expect(config.TWILIO_WEBHOOK_BASE_URL).toBe('https://voice.example.com');
    expect(config.TWILIO_NUMBERS['+498912345678']?.tenantId).toBe('acme');
    expect(config.TWILIO_API_BASE_URL).toBe('https://api.twilio.com');
    expect(config.VOICE_TRANSCRIPTION_WAIT_SECONDS).toBe(600);
    expect(loadAppConfig(voiceIngestApp, { ...VALID, VOICE_TRANSCRIPTION_WAIT_SECONDS: '1' }).VOICE_TRANSCRIPTION_WAIT_SECONDS).toBe(1);
  });

  it.each([
    ['TWILIO_ACCOUNT_SID', 'not-a-sid'],
    ['DATABASE_URL', 'mysql://db/voice'],
    ['TWILIO_WEBHOOK_BASE_URL', 'voice.example.com'],
    ['TWILIO_NUMBERS', '{"0891234":{"tenantId":"acme"}}'],
    ['TWILIO_NUMBERS', 'not json'],
    ['TWILIO_NUMBERS', '{"+498912345678":{"tenantId":"acme","businessHours":{"timeZone":"Mars/Base","open":"09:00","close":"17:00"}}}'],
    ['VOICE_TRANSCRIPTION_WAIT_SECONDS', '0'],
    ['VOICE_TRANSCRIPTION_WAIT_SECONDS', '2.5'],
    ['VOICE_TRANSCRIPTION_WAIT_SECONDS', 'ten minutes'],
    ['VOICE_TRANSCRIPTION_WAIT_SECONDS', '86401'],
  ])('refuses a bad %s, naming it', (name, value) => {
    expect(() => loadAppConfig(voiceIngestApp, { ...VALID, [name]: value })).toThrow(name);
  });

  it('never echoes the auth token when it is missing or short', () => {
    expect(() => loadAppConfig(voiceIngestApp, { ...VALID, TWILIO_AUTH_TOKEN: 'short-secret' })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => loadAppConfig(voiceIngestApp, { ...VALID, TWILIO_AUTH_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('refuses an s3 blob store with half its credentials before anything starts', () => {
    expect(() => loadAppConfig(voiceIngestApp, { ...VALID, BLOB_STORE_KIND: 's3', BLOB_STORE_S3_BUCKET: 'voice', BLOB_STORE_S3_ACCESS_KEY_ID: 'AKIA000' })).toThrow(
      /BLOB_STORE_S3_SECRET_ACCESS_KEY: is required when the other half/,
    );
  });
});
