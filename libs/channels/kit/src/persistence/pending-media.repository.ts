import { AttachmentStatusV1Schema, type AttachmentError, type AttachmentStatusV1Message, type Channel, type Provider } from '@tributary/contracts';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import type { PendingMedia, PendingMediaInput } from '../media/pending-media';
import type { PendingMediaPort } from '../media/pending-media.port';

export interface PendingMediaRepositoryOptions {
  /** Names this replica in `claimed_by`, for whoever reads the table; host and pid by default. */
  readonly replica?: string;
  /**
   * How long a claim holds (default 5 min): well above one fetch (the provider policy's timeout) plus
   * the wait for Kafka, so a live claim does not run out; it bounds how long the entries of a replica
   * that died wait before another takes them.
   */
  readonly claimTtlMs?: number;
}

interface PendingMediaRow {
  readonly attachment_id: string;
  readonly message_id: string;
  readonly tenant_id: string;
  readonly channel: Channel;
  readonly provider: Provider;
  readonly url: string;
  readonly name: string;
  readonly content_type: string | null;
  readonly trace_id: string;
  readonly attempts: number;
  readonly last_error: AttachmentError;
  readonly outcome: unknown;
  readonly claimed_by: string;
}

const COLUMNS = 'attachment_id, message_id, tenant_id, channel, provider, url, name, content_type, trace_id, attempts, last_error, outcome, claimed_by';

/**
 * The media retry queue in the channel app's PostgreSQL (`channel_pending_media`). A claim is a
 * lease (`claimed_by`/`claimed_until`, on the database's clock) taken by one statement with SKIP
 * LOCKED, so replicas polling at once get different entries and none waits on another; no
 * connection or transaction stays open while media downloads. Every later change names the claim,
 * so a replica whose lease ran out (and was taken over) changes nothing.
 */
export class PendingMediaRepository implements PendingMediaPort {
  private readonly replica: string;
  private readonly claimTtlMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: PendingMediaRepositoryOptions = {},
  ) {
    this.replica = options.replica ?? `${hostname()}:${process.pid}`;
    this.claimTtlMs = options.claimTtlMs ?? 300_000;
  }

  async add(media: readonly PendingMediaInput[], retryInMs: number): Promise<void> {
    if (media.length === 0) return;
    // A repeated webhook finds its entries queued already: they keep their attempts and schedule.
    await this.dataSource.query(
      `INSERT INTO channel_pending_media (attachment_id, message_id, tenant_id, channel, provider, url, name, content_type, trace_id, attempts, last_error, next_attempt_at)
       SELECT attachment_id, message_id, tenant_id, channel, provider, url, name, content_type, trace_id, 1, last_error, now() + $11 * interval '1 millisecond'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
           AS rows(attachment_id, message_id, tenant_id, channel, provider, url, name, content_type, trace_id, last_error)
       ON CONFLICT (attachment_id) DO NOTHING`,
      [
        media.map((m) => m.attachmentId),
        media.map((m) => m.messageId),
        media.map((m) => m.tenantId),
        media.map((m) => m.channel),
        media.map((m) => m.provider),
        media.map((m) => m.url),
        media.map((m) => m.name),
        media.map((m) => m.contentType ?? null),
        media.map((m) => m.traceId),
        media.map((m) => JSON.stringify(m.error)),
        retryInMs,
      ],
    );
  }

  async claimDue(limit: number): Promise<PendingMedia[]> {
    const claimId = `${this.replica}/${randomUUID()}`;
    const rows = await this.update<PendingMediaRow>(
      `UPDATE channel_pending_media SET claimed_by = $1, claimed_until = now() + $2 * interval '1 millisecond'
        WHERE attachment_id IN (
          SELECT attachment_id FROM channel_pending_media
           WHERE next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until <= now())
           ORDER BY next_attempt_at, attachment_id LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [claimId, this.claimTtlMs, limit],
    );
    return rows.map(toPendingMedia);
  }

  async retryLater(media: PendingMedia, attempts: number, error: AttachmentError, delayMs: number): Promise<void> {
    await this.update(
      `UPDATE channel_pending_media SET attempts = $3, last_error = $4, next_attempt_at = now() + $5 * interval '1 millisecond', claimed_by = NULL, claimed_until = NULL
        WHERE attachment_id = $1 AND claimed_by = $2`,
      [media.attachmentId, media.claimId, attempts, JSON.stringify(error), delayMs],
    );
  }

  async decide(media: PendingMedia, outcome: AttachmentStatusV1Message): Promise<boolean> {
    const rows = await this.update<{ attachment_id: string }>(
      `UPDATE channel_pending_media SET attempts = $3, outcome = $4, last_error = COALESCE($5, last_error)
        WHERE attachment_id = $1 AND claimed_by = $2 RETURNING attachment_id`,
      [media.attachmentId, media.claimId, outcome.attempts, JSON.stringify(outcome), outcome.error ? JSON.stringify(outcome.error) : null],
    );
    return rows.length > 0;
  }

  async remove(media: PendingMedia): Promise<void> {
    await this.dataSource.query('DELETE FROM channel_pending_media WHERE attachment_id = $1 AND claimed_by = $2', [media.attachmentId, media.claimId]);
  }

  async release(media: PendingMedia, delayMs: number): Promise<void> {
    await this.update(
      `UPDATE channel_pending_media SET claimed_by = NULL, claimed_until = NULL, next_attempt_at = now() + $3 * interval '1 millisecond'
        WHERE attachment_id = $1 AND claimed_by = $2`,
      [media.attachmentId, media.claimId, delayMs],
    );
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query<{ pending: number }[]>('SELECT count(*)::int AS pending FROM channel_pending_media');
    return row?.pending ?? 0;
  }

  /** TypeORM answers an UPDATE with `[rows, affected]`, not the rows alone. */
  private async update<TRow>(sql: string, parameters: unknown[]): Promise<TRow[]> {
    const [rows] = await this.dataSource.query<[TRow[], number]>(sql, parameters);
    return rows;
  }
}

function toPendingMedia(row: PendingMediaRow): PendingMedia {
  // An outcome that no longer reads as one (it cannot happen short of editing the table) is decided again.
  const outcome = row.outcome === null ? undefined : AttachmentStatusV1Schema.safeParse(row.outcome).data;
  return {
    attachmentId: row.attachment_id,
    messageId: row.message_id,
    tenantId: row.tenant_id,
    channel: row.channel,
    provider: row.provider,
    url: row.url,
    name: row.name,
    ...(row.content_type === null ? {} : { contentType: row.content_type }),
    traceId: row.trace_id,
    error: row.last_error,
    attempts: row.attempts,
    outcome,
    claimId: row.claimed_by,
  };
}
