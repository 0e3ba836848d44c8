import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { PgPendingVoicemails, type PgPendingVoicemailsOptions } from '../src/persistence/pending-voicemails.repository';
import { VOICE_INGEST_MIGRATIONS } from '../src/persistence/voice-migrations';
import type { PendingVoicemail } from '../src/voice/pending-voicemail';
import type { VoicemailClaim } from '../src/voice/pending-voicemails.port';

const voicemail = (n: number, dueAt = '2026-11-25T10:10:00.000Z'): PendingVoicemail => ({
  callSid: `CA${String(n).padStart(32, '0')}`,
  recordingSid: `RE${String(n).padStart(32, '0')}`,
  recordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${n}`,
  durationSeconds: 30 + n,
  receivedAt: '2026-11-25T10:00:00.000Z',
  dueAt,
});

const LATE = new Date('2030-01-01T00:00:00Z');
const NONE = new Set<string>();

/**
 * The shared pending-voicemail list against PostgreSQL. Each `replica(...)` is a repository of its
 * own over the one database, as each voice-ingest replica has; nothing is shared between them but
 * the table.
 */
describe('PgPendingVoicemails', () => {
  let db: TestDatabase;
  const replica = (options: PgPendingVoicemailsOptions = {}): PgPendingVoicemails => new PgPendingVoicemails(db.dataSource, { pollMs: 20, ...options });

  /** Every due call, in the order one replica's fallback would claim them (claims released again). */
  async function dueOrder(list: PgPendingVoicemails, now = LATE): Promise<string[]> {
    const claims: VoicemailClaim[] = [];
    for (let next = await list.claimNextDue(now, NONE); next; next = await list.claimNextDue(now, new Set(claims.map((claim) => claim.callSid)))) claims.push(next.claim);
    await Promise.all(claims.map((claim) => list.release(claim)));
    return claims.map((claim) => claim.callSid);
  }

  beforeAll(async () => {
    db = await createTestDatabase('voice_pending', { migrations: VOICE_INGEST_MIGRATIONS });
  });

  afterAll(() => db?.drop());

  beforeEach(() => db.dataSource.query('TRUNCATE voice_pending_voicemails'));

  it("shows every replica what one added and settled: another replica's recording is due here, a settled call nowhere", async () => {
    const first = replica();
    await first.add(voicemail(1));
    await first.add({ ...voicemail(2), from: '+4915112345678', to: '+498912345678' });
    await first.add(voicemail(3));
    await first.settle(voicemail(2).callSid);

    const second = replica();
    expect(await second.count()).toBe(2);
    const next = await second.claimNextDue(new Date('2026-11-25T10:10:00Z'), NONE);
    expect(next?.voicemail).toEqual(voicemail(1));
    expect(await dueOrder(second)).toEqual([voicemail(3).callSid]);
    await first.add({ ...voicemail(4), from: '+4915112345678', to: '+498912345678' });
    expect((await second.claimNextDue(LATE, new Set([voicemail(3).callSid])))?.voicemail).toEqual({ ...voicemail(4), from: '+4915112345678', to: '+498912345678' });
  });

  it('hands out only what is due, oldest deadline first, and adds a call once', async () => {
    const list = replica();
    expect(await list.add(voicemail(1, '2026-11-25T10:20:00.000Z'))).toBe(true);
    expect(await list.add(voicemail(2, '2026-11-25T10:05:00.000Z'))).toBe(true);
    expect(await replica().add(voicemail(1, '2026-11-25T10:01:00.000Z'))).toBe(false);
    expect(await list.claimNextDue(new Date('2026-11-25T10:04:59Z'), NONE)).toBeUndefined();
    expect(await dueOrder(list)).toEqual([voicemail(2).callSid, voicemail(1).callSid]);
    expect(await dueOrder(list, new Date('2026-11-25T10:05:00Z'))).toEqual([voicemail(2).callSid]);
  });

  it('starts no wait for a call whose transcription was already handed off, on whichever replica', async () => {
    await replica().settle(voicemail(1).callSid);
    expect(await replica().add(voicemail(1))).toBe(false);
    expect(await replica().count()).toBe(0);
    expect(await replica().claimWhenFree(voicemail(1).callSid)).toBeUndefined();
  });

  it("keeps a call from every replica's fallback while a transcription hands it off", async () => {
    const here = replica();
    const there = replica();
    await here.add(voicemail(1));
    await here.add(voicemail(2));
    const first = await here.claimWhenFree(voicemail(1).callSid);
    expect(await here.claimWhenFree(voicemail(2).callSid)).toBeDefined();
    expect(first).toBeDefined();
    expect(await there.claimNextDue(LATE, NONE)).toBeUndefined();
    if (first) await here.release(first);
    await here.settle(voicemail(2).callSid);
    expect(await dueOrder(there)).toEqual([voicemail(1).callSid]);
    expect(await there.count()).toBe(1);
  });

  it("makes a transcription wait for another replica's fallback, then take the call only if the fallback did not settle it", async () => {
    const fallbackReplica = replica();
    const transcriptionReplica = replica();
    await fallbackReplica.add(voicemail(1));
    await fallbackReplica.add(voicemail(2));
    const failing = await fallbackReplica.claimNextDue(LATE, NONE);
    const succeeding = await fallbackReplica.claimNextDue(LATE, new Set([voicemail(1).callSid]));
    expect([failing?.claim.callSid, succeeding?.claim.callSid]).toEqual([voicemail(1).callSid, voicemail(2).callSid]);

    let failedOver: VoicemailClaim | undefined | 'waiting' = 'waiting';
    let duplicate: VoicemailClaim | undefined | 'waiting' = 'waiting';
    const afterFailure = transcriptionReplica.claimWhenFree(voicemail(1).callSid).then((claim) => (failedOver = claim));
    const afterSuccess = transcriptionReplica.claimWhenFree(voicemail(2).callSid).then((claim) => (duplicate = claim));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([failedOver, duplicate]).toEqual(['waiting', 'waiting']);
    if (failing) await fallbackReplica.release(failing.claim);
    await fallbackReplica.settle(voicemail(2).callSid);
    await Promise.all([afterFailure, afterSuccess]);
    expect(failedOver).toMatchObject({ callSid: voicemail(1).callSid });
    expect(duplicate).toBeUndefined();
  });

  it('claims a call whose transcription came before its recording status, which then waits under that claim', async () => {
    const transcription = replica();
    const recording = replica();
    const claim = await transcription.claimWhenFree(voicemail(1).callSid);
    expect(claim).toBeDefined();
    expect(await recording.count()).toBe(0);
    // The recording status reaches another replica while the transcription is being handed off.
    expect(await recording.add(voicemail(1))).toBe(true);
    expect(await recording.claimNextDue(LATE, NONE)).toBeUndefined();
    // That hand-off failed: the voicemail is the fallback's now, so it is not lost.
    if (claim) await transcription.release(claim);
    expect(await dueOrder(recording)).toEqual([voicemail(1).callSid]);
    await transcription.settle(voicemail(1).callSid);
    expect(await recording.count()).toBe(0);
  });

  it('hands each due voicemail to exactly one of several replicas claiming at once', async () => {
    const setup = replica();
    for (let n = 1; n <= 60; n += 1) await setup.add(voicemail(n));
    const claimedBy = await Promise.all(
      [replica(), replica(), replica()].map(async (list) => {
        const mine: string[] = [];
        for (let next = await list.claimNextDue(LATE, NONE); next; next = await list.claimNextDue(LATE, NONE)) mine.push(next.claim.callSid);
        return mine;
      }),
    );
    const all = claimedBy.flat();
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
    expect(claimedBy.filter((mine) => mine.length > 0).length).toBeGreaterThan(1);
  });

  it("takes over the claim of a replica that died once it runs out, and that replica's late release ends nothing", async () => {
    const dying = replica({ replica: 'dying', claimTtlMs: 400 });
    const survivor = replica({ replica: 'survivor' });
    await dying.add(voicemail(1));
    await dying.add(voicemail(2));
    const abandoned = await dying.claimNextDue(LATE, NONE);
    const held = await dying.claimWhenFree(voicemail(2).callSid);
    expect(await survivor.claimNextDue(LATE, NONE)).toBeUndefined();
    // A transcription on the survivor waits out the dead claim instead of being refused.
    const waiting = survivor.claimWhenFree(voicemail(2).callSid);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const takenOver = await survivor.claimNextDue(LATE, NONE);
    expect(takenOver?.voicemail.callSid).toBe(voicemail(1).callSid);
    expect(await waiting).toMatchObject({ callSid: voicemail(2).callSid });
    const [row] = await db.dataSource.query<{ claimed_by: string }[]>('SELECT claimed_by FROM voice_pending_voicemails WHERE call_sid = $1', [voicemail(1).callSid]);
    expect(row?.claimed_by).toMatch(/^survivor\//);

    if (abandoned) await dying.release(abandoned.claim);
    if (held) await dying.release(held);
    expect(await replica().claimNextDue(LATE, NONE)).toBeUndefined();
  });

  it('waits for a pool still connecting before each statement, for no longer than it is told', async () => {
    let connected: () => void = () => undefined;
    const connecting = new Promise<void>((resolve) => (connected = resolve));
    let added: boolean | undefined;
    const adding = replica({ ready: () => connecting, readyWaitMs: 10_000 })
      .add(voicemail(1))
      .then((result) => (added = result));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(added).toBeUndefined();
    connected();
    await adding;
    expect(added).toBe(true);
    const impatient = replica({ ready: () => new Promise<void>(() => undefined), readyWaitMs: 50 });
    expect(await impatient.count()).toBe(1);
  });

  it('forgets settled calls and abandoned transcription claims before the cutoff, never a waiting voicemail', async () => {
    const list = replica({ claimTtlMs: 1 });
    await list.add(voicemail(1));
    await list.add(voicemail(2));
    await list.settle(voicemail(2).callSid);
    await list.claimWhenFree(voicemail(3).callSid);
    await list.settle(voicemail(4).callSid);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await list.prune(new Date(Date.now() - 60_000))).toBe(0);
    expect(await list.prune(new Date(Date.now() + 60_000))).toBe(3);
    expect(await list.count()).toBe(1);
    expect(await dueOrder(list)).toEqual([voicemail(1).callSid]);
  });
});
