import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryPendingVoicemails } from './in-memory-pending-voicemails.fake';
import type { PendingVoicemail } from './pending-voicemail';
import { importPendingVoicemailsLog } from './pending-voicemails-log.importer';

const voicemail = (n: number): PendingVoicemail => ({
  callSid: `CA${String(n).padStart(32, '0')}`,
  recordingSid: `RE${String(n).padStart(32, '0')}`,
  recordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${n}`,
  durationSeconds: 30 + n,
  receivedAt: '2026-11-25T10:00:00.000Z',
  dueAt: '2026-11-25T10:10:00.000Z',
});

describe('importPendingVoicemailsLog', () => {
  let directory: string;
  let path: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pending-log-'));
    path = join(directory, 'pending-voicemails.log');
  });

  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('carries the waiting voicemails of an old log over once, skipping settled ones and a torn last line', async () => {
    const line = (entry: unknown): string => `${JSON.stringify(entry)}\n`;
    await writeFile(path, [line({ pending: voicemail(1) }), line({ pending: voicemail(2) }), line({ settled: voicemail(2).callSid }), line({ settled: voicemail(3).callSid }), line({ pending: voicemail(3) })].join(''));
    await appendFile(path, '{"pending":{"callSid":"CA');
    const pending = new InMemoryPendingVoicemails();

    expect(await importPendingVoicemailsLog(path, pending)).toBe(1);
    const due = await pending.claimNextDue(new Date('2030-01-01T00:00:00Z'), new Set());
    expect(due?.voicemail).toEqual(voicemail(1));
    expect(await pending.count()).toBe(1);
    expect(await readdir(directory)).toEqual(['pending-voicemails.log.imported']);
    expect(await importPendingVoicemailsLog(path, pending)).toBe(0);
  });

  it('adds nothing another replica already settled, so repeating an import cut short is safe', async () => {
    await writeFile(path, `${JSON.stringify({ pending: voicemail(1) })}\n${JSON.stringify({ pending: voicemail(2) })}\n`);
    const pending = new InMemoryPendingVoicemails();
    await pending.add(voicemail(1));
    await pending.settle(voicemail(2).callSid);
    expect(await importPendingVoicemailsLog(path, pending)).toBe(0);
    expect(await pending.count()).toBe(1);
  });
});
