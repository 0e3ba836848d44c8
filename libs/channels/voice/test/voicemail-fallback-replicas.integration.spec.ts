import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { PgPendingVoicemails } from '../src/persistence/pending-voicemails.repository';
import { VOICE_INGEST_MIGRATIONS } from '../src/persistence/voice-migrations';
import type { PendingVoicemail } from '../src/voice/pending-voicemail';
import { VoicemailFallback } from '../src/voice/voicemail-fallback.service';

const voicemail = (n: number): PendingVoicemail => ({
  callSid: `CA${String(n).padStart(32, '0')}`,
  recordingSid: `RE${String(n).padStart(32, '0')}`,
  recordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${n}`,
  durationSeconds: 30,
  receivedAt: '2026-11-25T10:00:00.000Z',
  dueAt: '2026-11-25T10:10:00.000Z',
});

/** The fallbacks of several replicas over one PostgreSQL list, each with its own repository. */
describe('VoicemailFallback on several replicas sharing one database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('voice_fallback', { migrations: VOICE_INGEST_MIGRATIONS });
  });

  afterAll(() => db?.drop());

  it('hands each due voicemail off exactly once while every replica checks at the same time', async () => {
    for (let n = 1; n <= 30; n += 1) await new PgPendingVoicemails(db.dataSource).add(voicemail(n));
    const handedOff: { replica: number; callSid: string }[] = [];
    const fallbacks = [1, 2, 3].map(
      (replica) =>
        new VoicemailFallback(
          new PgPendingVoicemails(db.dataSource),
          async (entry) => {
            // A hand-off takes a while (a recording download, Kafka), long enough for the others to check meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 5));
            handedOff.push({ replica, callSid: entry.callSid });
          },
          { checkIntervalMs: 1_000, now: () => new Date('2026-11-25T10:10:00Z') },
        ),
    );
    const counts = await Promise.all(fallbacks.map((fallback) => fallback.handOffDue()));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(30);
    expect(new Set(handedOff.map((entry) => entry.callSid)).size).toBe(30);
    expect(handedOff).toHaveLength(30);
    expect(new Set(handedOff.map((entry) => entry.replica)).size).toBeGreaterThan(1);
    expect(await Promise.all(fallbacks.map((fallback) => fallback.handOffDue()))).toEqual([0, 0, 0]);
    expect(await new PgPendingVoicemails(db.dataSource).count()).toBe(0);
  });
});
