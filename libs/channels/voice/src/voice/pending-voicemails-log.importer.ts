import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { PendingVoicemailSchema } from './pending-voicemail';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

const LineSchema = z.union([z.object({ pending: PendingVoicemailSchema }), z.object({ settled: z.string().min(1) })]);

/**
 * Carries the voicemails still waiting in a replica's old `pending-voicemails.log` (the list before
 * it moved into the database) over to the shared list, once, so an upgrade loses none of them; the
 * file is then renamed to `<path>.imported`. Safe to repeat after a crash half-way: a call already in
 * the list, or settled there meanwhile by another replica, is not added again. Returns how many it added.
 */
export async function importPendingVoicemailsLog(path: string, pending: Pick<PendingVoicemailsPort, 'add'>): Promise<number> {
  const raw = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (raw === undefined) return 0;
  const waiting = new Map<string, z.infer<typeof PendingVoicemailSchema>>();
  const settled = new Set<string>();
  for (const line of raw.split('\n')) {
    const entry = parseLine(line);
    if (entry && 'pending' in entry) waiting.set(entry.pending.callSid, entry.pending);
    else if (entry) settled.add(entry.settled);
  }
  // A tombstone wins wherever it stands, as the log's own reader had it.
  let added = 0;
  for (const [callSid, voicemail] of waiting) {
    if (!settled.has(callSid) && (await pending.add(voicemail))) added += 1;
  }
  await rename(path, `${path}.imported`);
  return added;
}

/** A torn last line (a crash mid-write, never confirmed) or anything unreadable is skipped. */
function parseLine(line: string): z.infer<typeof LineSchema> | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = LineSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
