import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { PendingVoicemailSchema, type PendingVoicemail } from '../voice/pending-voicemail';
import type { PendingVoicemailsPort, VoicemailClaim } from '../voice/pending-voicemails.port';

export interface PgPendingVoicemailsOptions {
  /** Names this replica in `claimed_by`, for whoever reads the table; host and pid by default. */
  readonly replica?: string;
  /**
   * How long a claim holds. Well above the longest hand-off (a recording download times out after
   * 8 s, the Calls API and the hand-off's own timeout before it spools are seconds more), so a live
   * claim practically never runs out; it only bounds how long the call of a replica that died
   * holding it waits before another replica takes it over.
   */
  readonly claimTtlMs?: number;
  /** How often a transcription waiting for another replica's claim looks again. */
  readonly pollMs?: number;
  /**
   * Resolves once the pool is connected. Right after start a replica takes webhooks before its pool
   * is up (readiness follows the spool alone), so each statement first waits for it, for at most
   * `readyWaitMs`: past that it runs and fails, and the webhook is answered before Twilio gives up (15 s).
   */
  readonly ready?: () => Promise<void>;
  readonly readyWaitMs?: number;
}

interface VoicemailRow {
  readonly call_sid: string;
  readonly recording_sid: string;
  readonly recording_url: string;
  readonly from_number: string | null;
  readonly to_number: string | null;
  readonly duration_seconds: number;
  readonly received_at: Date;
  readonly due_at: Date;
}

const VOICEMAIL_COLUMNS = 'call_sid, recording_sid, recording_url, from_number, to_number, duration_seconds, received_at, due_at';

/**
 * Pending voicemails in voice-ingest's PostgreSQL (`voice_pending_voicemails`), so any replica can
 * settle or fall back a voicemail whose recording callback reached another. A claim is the row's
 * `claimed_by`/`claimed_until`, taken by one conditional statement (the row lock makes two replicas
 * claiming at once take turns, and the second sees the first's claim), and a lease rather than a
 * lock held across the hand-off: no connection or transaction stays open while a recording
 * downloads, and a replica that dies (or loses the network) stops holding the call when the lease
 * runs out. Leases are timed by the database's clock, the one clock every replica shares; deadlines
 * (`due_at`) by the replicas' own, as `dueAt` was.
 */
export class PgPendingVoicemails implements PendingVoicemailsPort {
  private readonly replica: string;
  private readonly claimTtlMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PgPendingVoicemailsOptions = {},
  ) {
    this.replica = options.replica ?? `${hostname()}:${process.pid}`;
    this.claimTtlMs = options.claimTtlMs ?? 120_000;
    this.pollMs = options.pollMs ?? 100;
  }

  async add(voicemail: PendingVoicemail): Promise<boolean> {
    // A row without a recording is a transcription's claim on a call whose recording status came
    // second: the voicemail becomes pending under that claim, so if that hand-off fails the fallback
    // still has it. A settled row is final: a call handed off once never becomes pending again.
    const rows = await this.query<unknown[]>(
      `INSERT INTO voice_pending_voicemails AS pending (${VOICEMAIL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (call_sid) DO UPDATE SET recording_sid = EXCLUDED.recording_sid, recording_url = EXCLUDED.recording_url,
         from_number = EXCLUDED.from_number, to_number = EXCLUDED.to_number, duration_seconds = EXCLUDED.duration_seconds,
         received_at = EXCLUDED.received_at, due_at = EXCLUDED.due_at
       WHERE pending.recording_sid IS NULL AND pending.settled_at IS NULL
       RETURNING call_sid`,
      [
        voicemail.callSid,
        voicemail.recordingSid,
        voicemail.recordingUrl,
        voicemail.from ?? null,
        voicemail.to ?? null,
        voicemail.durationSeconds,
        voicemail.receivedAt,
        voicemail.dueAt,
      ],
    );
    return rows.length > 0;
  }

  async claimNextDue(now: Date, passOver: ReadonlySet<string>): Promise<{ voicemail: PendingVoicemail; claim: VoicemailClaim } | undefined> {
    const claimId = this.newClaimId();
    // SKIP LOCKED: two replicas checking at once each get a different call instead of queueing on one.
    const [row] = await this.update<VoicemailRow>(
      `UPDATE voice_pending_voicemails SET claimed_by = $3, claimed_until = now() + $4 * interval '1 millisecond'
       WHERE call_sid = (
         SELECT call_sid FROM voice_pending_voicemails
         WHERE settled_at IS NULL AND recording_sid IS NOT NULL AND due_at <= $1
           AND (claimed_until IS NULL OR claimed_until <= now()) AND call_sid <> ALL($2::text[])
         ORDER BY due_at, call_sid LIMIT 1
         FOR UPDATE SKIP LOCKED)
       RETURNING ${VOICEMAIL_COLUMNS}`,
      [now, [...passOver], claimId, this.claimTtlMs],
    );
    return row ? { voicemail: toVoicemail(row), claim: { callSid: row.call_sid, claimId } } : undefined;
  }

  async claimWhenFree(callSid: string): Promise<VoicemailClaim | undefined> {
    const claimId = this.newClaimId();
    // A loop, not one wait: another waiter (a repeated transcription callback) may take it first.
    for (;;) {
      const claimed = await this.query<unknown[]>(
        `INSERT INTO voice_pending_voicemails AS pending (call_sid, claimed_by, claimed_until) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (call_sid) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until
         WHERE pending.settled_at IS NULL AND (pending.claimed_until IS NULL OR pending.claimed_until <= now())
         RETURNING call_sid`,
        [callSid, claimId, this.claimTtlMs],
      );
      if (claimed.length > 0) return { callSid, claimId };
      const [row] = await this.query<{ settled: boolean }[]>('SELECT settled_at IS NOT NULL AS settled FROM voice_pending_voicemails WHERE call_sid = $1', [callSid]);
      if (row?.settled === true) return undefined;
      // Held by another claim (or pruned in between, then the next round inserts it): until that
      // claim is settled, released or runs out.
      if (row) await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  async settle(callSid: string): Promise<void> {
    await this.query(
      `INSERT INTO voice_pending_voicemails AS pending (call_sid, settled_at) VALUES ($1, now())
       ON CONFLICT (call_sid) DO UPDATE SET settled_at = COALESCE(pending.settled_at, now()), claimed_by = NULL, claimed_until = NULL`,
      [callSid],
    );
  }

  async release(claim: VoicemailClaim): Promise<void> {
    await this.update('UPDATE voice_pending_voicemails SET claimed_by = NULL, claimed_until = NULL WHERE call_sid = $1 AND claimed_by = $2', [claim.callSid, claim.claimId]);
  }

  async count(): Promise<number> {
    const [row] = await this.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM voice_pending_voicemails WHERE settled_at IS NULL AND recording_sid IS NOT NULL',
    );
    return row?.pending ?? 0;
  }

  async prune(before: Date): Promise<number> {
    // Also a transcription's claim on a call that never got a recording row and is no longer held.
    const [, count] = await this.query<[unknown, number]>(
      `DELETE FROM voice_pending_voicemails
       WHERE settled_at < $1 OR (settled_at IS NULL AND recording_sid IS NULL AND (claimed_until IS NULL OR claimed_until < $1))`,
      [before],
    );
    return count;
  }

  /** TypeORM answers an UPDATE with `[rows, affected]`, not the rows alone. */
  private async update<TRow>(sql: string, parameters: unknown[]): Promise<TRow[]> {
    const [rows] = await this.query<[TRow[], number]>(sql, parameters);
    return rows;
  }

  private async query<TResult>(sql: string, parameters: unknown[] = []): Promise<TResult> {
    if (this.options.ready) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.options.ready(), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.readyWaitMs ?? 5_000)))]);
      clearTimeout(timer);
    }
    return this.dataSource.query<TResult>(sql, parameters);
  }

  private newClaimId(): string {
    return `${this.replica}/${randomUUID()}`;
  }
}

function toVoicemail(row: VoicemailRow): PendingVoicemail {
  return PendingVoicemailSchema.parse({
    callSid: row.call_sid,
    recordingSid: row.recording_sid,
    recordingUrl: row.recording_url,
    ...(row.from_number ? { from: row.from_number } : {}),
    ...(row.to_number ? { to: row.to_number } : {}),
    durationSeconds: row.duration_seconds,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
  });
}
