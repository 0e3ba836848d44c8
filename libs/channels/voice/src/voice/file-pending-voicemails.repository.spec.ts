import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePendingVoicemails } from './file-pending-voicemails.repository';
import type { PendingVoicemail } from './pending-voicemail';

const voicemail = (n: number, dueAt = '2026-11-25T10:10:00.000Z'): PendingVoicemail => ({
  callSid: `CA${String(n).padStart(32, '0')}`,
  recordingSid: `RE${String(n).padStart(32, '0')}`,
  recordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${n}`,
  durationSeconds: 30 + n,
  receivedAt: '2026-11-25T10:00:00.000Z',
  dueAt,
});

describe('FilePendingVoicemails', () => {
  let directory: string;
  let path: string;
  const opened: FilePendingVoicemails[] = [];

  async function openStore(): Promise<FilePendingVoicemails> {
    const store = new FilePendingVoicemails(path);
    await store.open();
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pending-voicemails-'));
    path = join(directory, 'spool', 'pending-voicemails.log');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(directory, { recursive: true, force: true });
  });

  it('after a restart keeps the pending voicemails and drops the settled ones', async () => {
    const first = await openStore();
    await first.add(voicemail(1));
    await first.add(voicemail(2));
    await first.add(voicemail(3));
    await first.settle(voicemail(2).callSid);
    await first.close();

    const second = await openStore();
    expect(second.size).toBe(2);
    expect(second.due(new Date('2026-11-25T10:10:00Z')).map((entry) => entry.callSid)).toEqual([voicemail(1).callSid, voicemail(3).callSid]);
    expect(second.due(new Date('2026-11-25T10:10:00Z'))[0]).toEqual(voicemail(1));
  });

  it('compacts on open: only live entries are rewritten', async () => {
    const first = await openStore();
    for (let n = 1; n <= 20; n += 1) await first.add(voicemail(n));
    for (let n = 1; n <= 19; n += 1) await first.settle(voicemail(n).callSid);
    await first.close();
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(39);

    const second = await openStore();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines).toEqual([JSON.stringify({ pending: voicemail(20) })]);
    expect(second.size).toBe(1);
    // Appends after compaction land in the compacted file.
    await second.add(voicemail(21));
    await second.close();
    expect((await openStore()).size).toBe(2);
  });

  it('skips a torn last line and treats a tombstone as final wherever it stands', async () => {
    const first = await openStore();
    await first.add(voicemail(1));
    await first.close();
    await appendFile(path, `${JSON.stringify({ settled: voicemail(2).callSid })}\n${JSON.stringify({ pending: voicemail(2) })}\n{"pending":{"callSid":"CA`);

    const second = await openStore();
    expect(second.due(new Date('2030-01-01T00:00:00Z')).map((entry) => entry.callSid)).toEqual([voicemail(1).callSid]);
  });

  it('lists only what is due, oldest deadline first, and adds a call once', async () => {
    const store = await openStore();
    expect(await store.add(voicemail(1, '2026-11-25T10:20:00.000Z'))).toBe(true);
    expect(await store.add(voicemail(2, '2026-11-25T10:05:00.000Z'))).toBe(true);
    expect(await store.add(voicemail(1, '2026-11-25T10:01:00.000Z'))).toBe(false);
    expect(store.due(new Date('2026-11-25T10:04:59Z'))).toEqual([]);
    expect(store.due(new Date('2026-11-25T10:30:00Z')).map((entry) => entry.durationSeconds)).toEqual([32, 31]);
  });

  it('does not start a wait for a call whose transcription was already handed off in this run', async () => {
    const store = await openStore();
    await store.settle(voicemail(1).callSid);
    expect(await store.add(voicemail(1))).toBe(false);
    expect(store.size).toBe(0);
  });

  it('keeps a call out of the due list while its transcription is being handed off', async () => {
    const store = await openStore();
    await store.add(voicemail(1));
    await store.add(voicemail(2));
    const late = new Date('2026-11-25T11:00:00Z');
    expect(await store.claimWhenFree(voicemail(1).callSid)).toBe(true);
    expect(await store.claimWhenFree(voicemail(2).callSid)).toBe(true);
    expect(store.due(late)).toEqual([]);
    expect(store.claim(voicemail(1).callSid)).toBe(false);
    store.release(voicemail(1).callSid);
    await store.settle(voicemail(2).callSid);
    expect(store.due(late).map((entry) => entry.callSid)).toEqual([voicemail(1).callSid]);
    expect(store.claim(voicemail(2).callSid)).toBe(false);
  });

  it("makes a transcription wait for the fallback's claim, then take the call only if the fallback did not settle it", async () => {
    const store = await openStore();
    await store.add(voicemail(1));
    await store.add(voicemail(2));
    expect(store.claim(voicemail(1).callSid)).toBe(true);
    expect(store.claim(voicemail(2).callSid)).toBe(true);
    let failedOver: boolean | undefined;
    let duplicate: boolean | undefined;
    const afterFailure = store.claimWhenFree(voicemail(1).callSid).then((claimed) => (failedOver = claimed));
    const afterSuccess = store.claimWhenFree(voicemail(2).callSid).then((claimed) => (duplicate = claimed));
    await new Promise((resolve) => setImmediate(resolve));
    expect([failedOver, duplicate]).toEqual([undefined, undefined]);
    store.release(voicemail(1).callSid);
    await store.settle(voicemail(2).callSid);
    await Promise.all([afterFailure, afterSuccess]);
    expect([failedOver, duplicate]).toEqual([true, false]);
    // A transcription for a call never recorded as pending (it came first) still gets its claim.
    expect(await store.claimWhenFree(voicemail(3).callSid)).toBe(true);
  });

  it('compacts while running once dead lines outnumber live ones, atomically, keeping entries added meanwhile', async () => {
    const store = new FilePendingVoicemails(path, { compactAboveLines: 10 });
    await store.open();
    opened.push(store);
    await store.add(voicemail(100));
    let longest = 0;
    for (let n = 1; n <= 30; n += 1) {
      await store.add(voicemail(n));
      // Not awaited one by one: an add racing a settle that triggers a compaction must survive it.
      await Promise.all([store.settle(voicemail(n).callSid), store.add(voicemail(200 + n))]);
      await store.settle(voicemail(200 + n).callSid);
      longest = Math.max(longest, (await readFile(path, 'utf8')).trim().split('\n').length);
    }
    await store.add(voicemail(300));
    // Without run-time compaction the file would hold 1 + 30 × 4 + 1 lines.
    // A compaction runs on the I/O chain just after the line that triggers it, so a read may see a line or two more.
    expect(longest).toBeLessThanOrEqual(14);
    await expect(readFile(`${path}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.close();

    const reopened = await openStore();
    expect(reopened.due(new Date('2030-01-01T00:00:00Z')).map((entry) => entry.callSid)).toEqual([voicemail(100).callSid, voicemail(300).callSid]);
  });
});
