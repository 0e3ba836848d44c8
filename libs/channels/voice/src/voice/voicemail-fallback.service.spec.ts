import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import { FilePendingVoicemails } from './file-pending-voicemails.repository';
import type { PendingVoicemail } from './pending-voicemail';
import { VoicemailFallback } from './voicemail-fallback.service';

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

describe('VoicemailFallback', () => {
  let directory: string;
  let store: FilePendingVoicemails;
  let now: Date;
  let handedOff: string[];
  let failures: { callSid: string; dropped: boolean }[];

  const fallback = (handOff: (voicemail: PendingVoicemail) => Promise<unknown> = (entry) => Promise.resolve(handedOff.push(entry.callSid))): VoicemailFallback =>
    new VoicemailFallback(store, handOff, { checkIntervalMs: 20, now: () => now, onFailure: (_error, entry, dropped) => failures.push({ callSid: entry.callSid, dropped }) });

  async function reopen(): Promise<void> {
    await store.close();
    store = new FilePendingVoicemails(join(directory, 'pending-voicemails.log'));
    await store.open();
  }

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voicemail-fallback-'));
    store = new FilePendingVoicemails(join(directory, 'pending-voicemails.log'));
    await store.open();
    now = new Date('2026-11-25T10:00:00Z');
    handedOff = [];
    failures = [];
  });

  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('hands off a due voicemail exactly once, also when checks overlap and after a restart', async () => {
    await store.add(voicemail(1, DEADLINE));
    const service = fallback();
    expect(await service.handOffDue()).toBe(0);
    now = new Date(DEADLINE);
    const [first, overlapping] = await Promise.all([service.handOffDue(), service.handOffDue()]);
    expect([first, overlapping]).toEqual([1, 1]);
    expect(await service.handOffDue()).toBe(0);
    await reopen();
    expect(await fallback().handOffDue()).toBe(0);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid]);
    expect(store.size).toBe(0);
  });

  it('never hands off a voicemail whose transcription settled it, before or after a restart', async () => {
    await store.add(voicemail(1, DEADLINE));
    await store.settle(voicemail(1, DEADLINE).callSid);
    now = new Date('2026-11-25T11:00:00Z');
    expect(await fallback().handOffDue()).toBe(0);
    await reopen();
    expect(await fallback().handOffDue()).toBe(0);
    expect(handedOff).toEqual([]);
  });

  it('on start hands off what fell due while the process was down, keeps the rest pending, and checks on its timer', async () => {
    await store.add(voicemail(1, DEADLINE));
    await store.add(voicemail(2, '2026-11-25T10:20:00.000Z'));
    await reopen();
    now = new Date('2026-11-25T10:15:00Z');
    const service = fallback();
    service.start();
    await waitUntil(() => handedOff.length === 1 && store.size === 1);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid]);
    expect(store.size).toBe(1);
    now = new Date('2026-11-25T10:20:00Z');
    await waitUntil(() => handedOff.length === 2 && store.size === 0);
    await service.stop();
    expect(store.size).toBe(0);
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
    expect(await service.handOffDue()).toBe(0);
    expect(failures).toEqual([
      { callSid: voicemail(1, DEADLINE).callSid, dropped: false },
      { callSid: voicemail(2, DEADLINE).callSid, dropped: true },
    ]);
    expect(store.size).toBe(1);
    brokerDown = false;
    expect(await service.handOffDue()).toBe(1);
    expect(handedOff).toEqual([voicemail(1, DEADLINE).callSid]);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
