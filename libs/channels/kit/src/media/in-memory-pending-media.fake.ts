import type { AttachmentError, AttachmentStatusV1Message } from '@tributary/contracts';
import type { PendingMedia, PendingMediaInput } from './pending-media';
import type { PendingMediaPort } from './pending-media.port';

interface Entry {
  media: PendingMediaInput;
  attempts: number;
  dueAt: number;
  outcome: AttachmentStatusV1Message | undefined;
  claimId: string | undefined;
}

/** The retry queue in memory, on a clock the test moves (tests only). */
export class InMemoryPendingMedia implements PendingMediaPort {
  readonly entries = new Map<string, Entry>();
  now = 0;
  private claims = 0;

  add(media: readonly PendingMediaInput[], retryInMs: number): Promise<void> {
    for (const item of media) {
      if (!this.entries.has(item.attachmentId)) this.entries.set(item.attachmentId, { media: item, attempts: 1, dueAt: this.now + retryInMs, outcome: undefined, claimId: undefined });
    }
    return Promise.resolve();
  }

  claimDue(limit: number): Promise<PendingMedia[]> {
    const due = [...this.entries.values()].filter((entry) => entry.claimId === undefined && entry.dueAt <= this.now).slice(0, limit);
    return Promise.resolve(
      due.map((entry) => {
        entry.claimId = `claim-${(this.claims += 1)}`;
        return { ...entry.media, attempts: entry.attempts, outcome: entry.outcome, claimId: entry.claimId };
      }),
    );
  }

  retryLater(media: PendingMedia, attempts: number, error: AttachmentError, delayMs: number): Promise<void> {
    const entry = this.held(media);
    if (entry) Object.assign(entry, { attempts, dueAt: this.now + delayMs, claimId: undefined, media: { ...entry.media, error } });
    return Promise.resolve();
  }

  decide(media: PendingMedia, outcome: AttachmentStatusV1Message): Promise<boolean> {
    const entry = this.held(media);
    if (entry) entry.outcome = outcome;
    return Promise.resolve(entry !== undefined);
  }

  remove(media: PendingMedia): Promise<void> {
    if (this.held(media)) this.entries.delete(media.attachmentId);
    return Promise.resolve();
  }

  release(media: PendingMedia, delayMs: number): Promise<void> {
    const entry = this.held(media);
    if (entry) Object.assign(entry, { claimId: undefined, dueAt: this.now + delayMs });
    return Promise.resolve();
  }

  count(): Promise<number> {
    return Promise.resolve(this.entries.size);
  }

  private held(media: PendingMedia): Entry | undefined {
    const entry = this.entries.get(media.attachmentId);
    return entry?.claimId === media.claimId ? entry : undefined;
  }
}
