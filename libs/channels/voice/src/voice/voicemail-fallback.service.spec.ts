import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import { InMemoryPendingVoicemails } from './in-memory-pending-voicemails.fake';
import type { PendingVoicemail } from './pending-voicemail';
import type { VoicemailClaim } from './pending-voicemails.port';
import { GIVE_UP_AFTER_MS, VoicemailFallback, type VoicemailDropReason } from './voicemail-fallback.service';

const voicemail = (n: number, dueAt: string): PendingVoicemail => ({
  callSid: `CA${String(n).padStart(32, '0')}`,
  recordingSid: `RE${String(n).padStart(32, '0')}`,
  recordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${n}`,
  from: '+4915112345678',
  to: '+498912345678',
  durationSeconds: 150,
  receivedAt: '2026-11-25T10:00:00.000Z',
  dueAt,
});

const DEADLINE = '2026-11-25T10:10:00.000Z';
const LATE = new Date('2030-01-01T00:00:00Z');

/** The shared list as each check sees it, with the prunes it was asked for. */
class RecordingList extends InMemoryPendingVoicemails {
  readonly prunedBefore: string[] = [];
  override prune(before: Date): Promise<number> {
    this.prunedBefore.push(before.toISOString());
    return super.prune(before);
  }
}

describe('VoicemailFallback', () => {
  let store: RecordingList;
  let now: Date;
  let handedOff: string[];
  let failures: { callSid: string; dropped: VoicemailDropReason | undefined }[];
  let checkFailures: unknown[];

  const fallback = (handOff: (voicemail: PendingVoicemail) => Promise<unknown> = (entry) => Promise.resolve(handedOff.push(entry.callSid))): VoicemailFallback =>
    new VoicemailFallback(store, handOff, {
      checkIntervalMs: 20,
      now: () => now,
      onFailure: (_error, entry, dropped) => failures.push({ callSid: entry.callSid, dropped }),
      onCheckFailed: (error) => checkFailures.push(error),
    });

  beforeEach(() => {
    store = new RecordingList();
    now = new Date('2026-11-25T10:00:00Z');
    handedOff = [];
    failures = [];
    checkFailures = [];
  });

  it('hands off a due voicemail exactly once, also when checks overlap and when another replica checks the same list', async () => {
    await store.add(voicemail(1, DEADLINE));
    const service = fallback();
    expect(await service.handOffDue()).toBe(0);
    now = new Date(DEADLINE);
    const [first, overlapping] = await Promise.all([service.handOffDue(), service.handOffDue()]);
    expect([first, overlapping]).toEqual([1, 1]);
    expect(await service.handOffDue()).toBe(0);
    expect(await fallback().handOffDue()).toBe(0);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid]);
    expect(await store.count()).toBe(0);
  });

  it('never hands off a voicemail whose transcription settled it, here or on another replica', async () => {
    await store.add(voicemail(1, DEADLINE));
    await store.settle(voicemail(1, DEADLINE).callSid);
    now = new Date('2026-11-25T11:00:00Z');
    expect(await fallback().handOffDue()).toBe(0);
    expect(await fallback().handOffDue()).toBe(0);
    expect(handedOff).toEqual([]);
  });

  it('on start hands off what fell due while no replica was up, keeps the rest pending, and checks on its timer', async () => {
    await store.add(voicemail(1, DEADLINE));
    await store.add(voicemail(2, '2026-11-25T10:20:00.000Z'));
    now = new Date('2026-11-25T10:15:00Z');
    const service = fallback();
    service.start();
    await waitUntil(() => handedOff.length === 1);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid]);
    expect(await store.count()).toBe(1);
    now = new Date('2026-11-25T10:20:00Z');
    await waitUntil(() => handedOff.length === 2);
    await service.stop();
    expect(await store.count()).toBe(0);
  });

  it('keeps a voicemail whose hand-off failed for the next check, and drops one that can never be a message', async () => {
    await store.add(voicemail(1, DEADLINE));
    await store.add(voicemail(2, DEADLINE));
    now = new Date(DEADLINE);
    let brokerDown = true;
    const service = fallback((entry) => {
      if (entry.callSid === voicemail(2, DEADLINE).callSid) return Promise.reject(new TwilioWebhookError(TwilioWebhookErrorCode.UnknownNumber, 'no such line'));
      if (brokerDown) return Promise.reject(new Error('blob store unavailable'));
      handedOff.push(entry.callSid);
      return Promise.resolve();
    });
    // Tried once per check: the failed one is released, not taken again by the same check.
    expect(await service.handOffDue()).toBe(0);
    expect(failures).toEqual([
      { callSid: voicemail(1, DEADLINE).callSid, dropped: undefined },
      { callSid: voicemail(2, DEADLINE).callSid, dropped: 'invalid' },
    ]);
    expect(await store.count()).toBe(1);
    brokerDown = false;
    expect(await service.handOffDue()).toBe(1);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid]);
  });

  it('claims each voicemail right before its hand-off, so a transcription that came meanwhile is not joined by an untranscribed copy', async () => {
    for (const n of [1, 2, 3]) await store.add(voicemail(n, DEADLINE));
    now = new Date(DEADLINE);
    let firstDownloaded: () => void = () => undefined;
    let transcription: Promise<VoicemailClaim | undefined> | undefined;
    const service = fallback(async (entry) => {
      if (entry.callSid === voicemail(1, DEADLINE).callSid) {
        // While voicemail 1's recording downloads, voicemail 3's transcription arrives and takes its claim.
        transcription = store.claimWhenFree(voicemail(3, DEADLINE).callSid);
        await new Promise<void>((resolve) => (firstDownloaded = resolve));
      }
      handedOff.push(entry.callSid);
    });
    const checking = service.handOffDue();
    await waitUntil(() => transcription !== undefined);
    expect(await transcription).toBeDefined();
    firstDownloaded();
    expect(await checking).toBe(2);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid, voicemail(2, DEADLINE).callSid]);
    await store.settle(voicemail(3, DEADLINE).callSid);
    expect(await service.handOffDue()).toBe(0);
    expect(await store.count()).toBe(0);
  });

  it('lets a transcription that waited for a failed fallback go out with its transcript', async () => {
    await store.add(voicemail(1, DEADLINE));
    now = new Date(DEADLINE);
    let transcription: Promise<VoicemailClaim | undefined> | undefined;
    const service = fallback(async () => {
      transcription = store.claimWhenFree(voicemail(1, DEADLINE).callSid);
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('blob store unavailable');
    });
    expect(await service.handOffDue()).toBe(0);
    expect(await transcription).toMatchObject({ callSid: voicemail(1, DEADLINE).callSid });
    expect(await store.claimNextDue(LATE, new Set())).toBeUndefined();
  });

  it('drops a voicemail whose call or recording Twilio no longer has (404, 410), and retries other HTTP errors', async () => {
    for (const n of [1, 2, 3]) await store.add(voicemail(n, DEADLINE));
    now = new Date(DEADLINE);
    const status: Record<string, number> = { [voicemail(1, DEADLINE).callSid]: 404, [voicemail(2, DEADLINE).callSid]: 410, [voicemail(3, DEADLINE).callSid]: 503 };
    const service = fallback((entry) => Promise.reject(Object.assign(new Error(`HTTP ${status[entry.callSid] ?? 0}`), { status: status[entry.callSid] })));
    expect(await service.handOffDue()).toBe(0);
    expect(failures).toEqual([
      { callSid: voicemail(1, DEADLINE).callSid, dropped: 'gone' },
      { callSid: voicemail(2, DEADLINE).callSid, dropped: 'gone' },
      { callSid: voicemail(3, DEADLINE).callSid, dropped: undefined },
    ]);
    expect(await store.count()).toBe(1);
  });

  it('gives up on a voicemail that keeps failing for a day past its deadline, not before', async () => {
    await store.add(voicemail(1, DEADLINE));
    const service = fallback(() => Promise.reject(new Error('blob store unavailable')));
    now = new Date(Date.parse(DEADLINE) + GIVE_UP_AFTER_MS - 1);
    await service.handOffDue();
    expect(await store.count()).toBe(1);
    now = new Date(Date.parse(DEADLINE) + GIVE_UP_AFTER_MS);
    await service.handOffDue();
    expect(await store.count()).toBe(0);
    expect(failures.map((failure) => failure.dropped)).toEqual([undefined, 'expired']);
    expect(await service.handOffDue()).toBe(0);
    expect(failures).toHaveLength(2);
  });

  it('reports a list it cannot read and checks again next time, never rejecting', async () => {
    await store.add(voicemail(1, DEADLINE));
    now = new Date(DEADLINE);
    const unreachable = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const claimNextDue = store.claimNextDue.bind(store);
    let down = true;
    store.claimNextDue = (at, passOver) => (down ? Promise.reject(unreachable) : claimNextDue(at, passOver));
    const service = fallback();
    await expect(service.handOffDue()).resolves.toBe(0);
    expect(checkFailures).toEqual([unreachable]);
    down = false;
    expect(await service.handOffDue()).toBe(1);
  });

  it('forgets calls settled a week before, at most once an hour', async () => {
    const service = fallback();
    await service.handOffDue();
    now = new Date('2026-11-25T10:59:00Z');
    await service.handOffDue();
    now = new Date('2026-11-25T11:00:00Z');
    await service.handOffDue();
    expect(store.prunedBefore).toEqual(['2026-11-18T10:00:00.000Z', '2026-11-18T11:00:00.000Z']);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
