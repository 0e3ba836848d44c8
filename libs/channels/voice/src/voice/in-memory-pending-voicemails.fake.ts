import { randomUUID } from 'node:crypto';
import type { PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort, VoicemailClaim } from './pending-voicemails.port';

interface Entry {
  voicemail?: PendingVoicemail;
  claimId?: string;
  settledAt?: Date;
}

/**
 * The port's rules in memory, for unit specs of the services that use it: one list shared by every
 * service handed this object, as the database is shared by replicas. Claims end only when settled or
 * released (nothing here dies); lease expiry and concurrency across processes are PgPendingVoicemails'
 * and proved against PostgreSQL in libs/channels/voice/test.
 */
export class InMemoryPendingVoicemails implements PendingVoicemailsPort {
  private readonly entries = new Map<string, Entry>();
  private waiters: (() => void)[] = [];

  add(voicemail: PendingVoicemail): Promise<boolean> {
    const entry = this.entries.get(voicemail.callSid) ?? {};
    if (entry.voicemail || entry.settledAt) return Promise.resolve(false);
    this.entries.set(voicemail.callSid, { ...entry, voicemail });
    return Promise.resolve(true);
  }

  claimNextDue(now: Date, passOver: ReadonlySet<string>): Promise<{ voicemail: PendingVoicemail; claim: VoicemailClaim } | undefined> {
    const [next] = [...this.entries.values()]
      .flatMap(({ voicemail, claimId, settledAt }) => (voicemail && !claimId && !settledAt && !passOver.has(voicemail.callSid) && Date.parse(voicemail.dueAt) <= now.getTime() ? [voicemail] : []))
      .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.callSid.localeCompare(b.callSid));
    return Promise.resolve(next ? { voicemail: next, claim: this.take(next.callSid) } : undefined);
  }

  async claimWhenFree(callSid: string): Promise<VoicemailClaim | undefined> {
    for (;;) {
      const entry = this.entries.get(callSid);
      if (entry?.settledAt) return undefined;
      if (!entry?.claimId) return this.take(callSid);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  settle(callSid: string): Promise<void> {
    const entry = this.entries.get(callSid) ?? {};
    this.entries.set(callSid, { ...entry, claimId: undefined, settledAt: entry.settledAt ?? new Date() });
    this.changed();
    return Promise.resolve();
  }

  release(claim: VoicemailClaim): Promise<void> {
    const entry = this.entries.get(claim.callSid);
    if (entry?.claimId === claim.claimId) entry.claimId = undefined;
    this.changed();
    return Promise.resolve();
  }

  count(): Promise<number> {
    return Promise.resolve([...this.entries.values()].filter((entry) => entry.voicemail && !entry.settledAt).length);
  }

  prune(before: Date): Promise<number> {
    let pruned = 0;
    for (const [callSid, entry] of this.entries) {
      if (entry.settledAt && entry.settledAt < before) pruned += Number(this.entries.delete(callSid));
    }
    return Promise.resolve(pruned);
  }

  private take(callSid: string): VoicemailClaim {
    const claim = { callSid, claimId: randomUUID() };
    this.entries.set(callSid, { ...this.entries.get(callSid), claimId: claim.claimId });
    return claim;
  }

  private changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}
