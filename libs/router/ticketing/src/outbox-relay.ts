import { TOPICS } from '@tributary/contracts';
import type { ContractPublisher } from '@tributary/platform-kafka';
import { StopSignal, type JsonLogger } from '@tributary/platform-observability';
import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { outboxRecords, type OutboxRow } from './outbox-records.util';
import { OUTBOX_CHANNEL } from './outbox.repository';

/** A queued id; its columns are null when the row was deleted before the relay came to it. */
type PendingRow = OutboxRow | (Pick<OutboxRow, 'id'> & { [column in Exclude<keyof OutboxRow, 'id'>]: null });

// One relay publishes at a time (whoever holds this lock), so a ticket's events leave in the
// order they were written even with several router replicas.
const RELAY_LOCK_ID = 7_041_999_001;
/** Opens the relay's statements, so samplers of pg_stat_activity can tell them from the inbound path's. */
export const RELAY_STATEMENT = '/* outbox-relay */';

export interface OutboxRelayOptions {
  readonly batchSize: number;
  readonly idleMs: number;
  /** Published rows older than this are deleted (0 keeps them forever); consumers dedupe by event id, not by the table. */
  readonly retentionMs: number;
  readonly pruneEveryMs: number;
}

const PRUNE_CHUNK = 5_000;
// Commits wake the relay through NOTIFY; the idle poll is only the fallback for a missed notification.
const DEFAULT_OPTIONS: OutboxRelayOptions = { batchSize: 500, idleMs: 500, retentionMs: 7 * 24 * 3_600_000, pruneEveryMs: 60_000 };

/**
 * Publishes outbox rows to Kafka in id order and marks them published afterwards. A crash between
 * the two republishes the same rows with the same event ids: at-least-once, a ticket's events never reordered,
 * never lost.
 */
export class OutboxRelay {
  private readonly stopSignal = new StopSignal();
  private running: Promise<void> | undefined;
  /** A commit was announced while the loop was busy publishing: the next pass starts at once. */
  private notified = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ContractPublisher,
    private readonly logger: JsonLogger,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  private readonly options: OutboxRelayOptions;

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopSignal.stop();
    await this.running;
  }

  /** One pass: publishes up to a batch of pending rows; returns how many. */
  async publishPending(runner: QueryRunner): Promise<number> {
    // The queue is outbox_pending (ids in write order), so no index of outbox_events names
    // published_at and the mark below is a HOT update. A ticket event carries its snapshot, sent to
    // the state topic from it (see outboxRecords). A snapshot row written before that has no traceId
    // of its own: it carries its event's (same ticket and sequence, written in the same
    // transaction), looked up only for such rows. The batch is taken first, so a backlog is never
    // joined whole before the limit applies. An id whose row is gone (deleted by hand) is dequeued
    // with the rest and publishes nothing.
    const rows = (await runner.query(
      `${RELAY_STATEMENT} SELECT p.id, o.event_id, o.topic, o.record_key, o.payload::text AS value,
              CASE WHEN o.topic = $3 THEN (o.payload->'ticket')::text END AS snapshot,
              COALESCE(o.payload->>'traceId', CASE WHEN o.topic = $2 THEN (
                SELECT event.payload->>'traceId' FROM outbox_events event
                 WHERE event.ticket_id = o.ticket_id AND event.sequence = o.sequence AND event.topic = $3) END) AS trace_id
         FROM (SELECT id FROM outbox_pending ORDER BY id LIMIT $1) p
         LEFT JOIN outbox_events o ON o.id = p.id
        ORDER BY p.id`,
      [this.options.batchSize, TOPICS.ticketState, TOPICS.ticketEvents],
    )) as PendingRow[];
    const present = rows.filter((row): row is OutboxRow => row.topic !== null);
    await this.publisher.sendRawToTopics([...outboxRecords(present)].map(([topic, messages]) => ({ topic, messages })));
    if (rows.length > 0) {
      await runner.query(
        `${RELAY_STATEMENT} WITH dequeued AS (DELETE FROM outbox_pending WHERE id = ANY($1::bigint[]))
         UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::bigint[])`,
        [rows.map((row) => row.id)],
      );
    }
    return rows.length;
  }

  private async run(): Promise<void> {
    while (!this.stopSignal.isStopped) {
      const runner = this.dataSource.createQueryRunner();
      try {
        const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS held', [RELAY_LOCK_ID])) as { held: boolean }[];
        if (!lock?.held) {
          await this.stopSignal.sleep(this.options.idleMs * 10);
          continue;
        }
        const stopListening = await this.listenForCommits(runner);
        try {
          let prunedAt = 0;
          while (!this.stopSignal.isStopped) {
            const published = await this.publishPending(runner);
            if (this.options.retentionMs > 0 && Date.now() - prunedAt >= this.options.pruneEveryMs) {
              await this.prunePublishedRows(runner);
              prunedAt = Date.now();
            }
            if (published < this.options.batchSize && !this.takeNotification()) await this.stopSignal.sleep(this.options.idleMs);
          }
        } finally {
          await stopListening();
          // A session lock goes back to the pool with its connection: released on every exit, or
          // this process could never lead again on another connection, nor another replica at all.
          await runner.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK_ID]).catch(() => undefined);
        }
      } catch (error) {
        this.logger.event('warn', 'OutboxRelay', 'relay pass failed; retrying', { error });
        await this.stopSignal.sleep(1_000);
      } finally {
        await runner.release();
      }
    }
  }

  /**
   * Deletes published rows past the retention, a chunk at a time along the primary key (rows are
   * published roughly in id order, so the old ones are at the front and no scan of the table is
   * needed); unpublished and recent rows are never touched. Stops after a chunk with fewer deletions.
   */
  async prunePublishedRows(runner: QueryRunner): Promise<number> {
    let deleted = 0;
    for (;;) {
      const result = (await runner.query(
        `WITH oldest AS (SELECT id, published_at FROM outbox_events ORDER BY id LIMIT $2)
         DELETE FROM outbox_events o USING oldest
          WHERE o.id = oldest.id AND oldest.published_at < now() - $1 * interval '1 millisecond'
         RETURNING o.id`,
        [this.options.retentionMs, PRUNE_CHUNK],
        true,
      )) as { records: unknown[] };
      deleted += result.records.length;
      if (result.records.length < PRUNE_CHUNK || this.stopSignal.isStopped) return deleted;
    }
  }

  private takeNotification(): boolean {
    const notified = this.notified;
    this.notified = false;
    return notified;
  }

  /** Wakes the loop when outbox rows commit; returns how to stop, leaving the pooled connection clean. */
  private async listenForCommits(runner: QueryRunner): Promise<() => Promise<void>> {
    const client = (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
    if (!client) return () => Promise.resolve();
    const wake = (): void => {
      this.notified = true;
      this.stopSignal.interrupt();
    };
    client.on('notification', wake);
    await runner.query(`LISTEN ${OUTBOX_CHANNEL}`);
    return async () => {
      client.off('notification', wake);
      await runner.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => undefined);
    };
  }
}
