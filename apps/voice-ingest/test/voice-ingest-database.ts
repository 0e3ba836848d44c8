import { VOICE_INGEST_MIGRATIONS } from '@tributary/channel-voice';
import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';

/** A fresh voice-ingest database beside the test stack's, migrated as `migrate.main.ts up` leaves it. */
export function createVoiceIngestDatabase(): Promise<TestDatabase> {
  return createTestDatabase('voice_ingest', { migrations: VOICE_INGEST_MIGRATIONS });
}
