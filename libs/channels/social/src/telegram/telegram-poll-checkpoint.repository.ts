import type { DataSource } from 'typeorm';

export interface TelegramPollCheckpoint {
  readonly updateId: number;
  readonly at: Date;
}

/** Where long polling resumes per bot; a port so the poller's logic is tested without a database. */
export interface TelegramPollCheckpointPort {
  /** The last update handed off for this bot and when, or undefined before the first. */
  lastUpdate(botId: string): Promise<TelegramPollCheckpoint | undefined>;
  /**
   * Moves the checkpoint forward only, so a stale owner's late write never moves it back; except
   * over a checkpoint a week old, since Telegram then restarts update ids at random (possibly lower).
   */
  advance(botId: string, updateId: number): Promise<void>;
}

/** The checkpoint in `telegram_poll_checkpoints` (TELEGRAM_MIGRATIONS), in social-ingest's own database. */
export class TelegramPollCheckpointRepository implements TelegramPollCheckpointPort {
  constructor(private readonly dataSource: DataSource) {}

  async lastUpdate(botId: string): Promise<TelegramPollCheckpoint | undefined> {
    const [row] = await this.dataSource.query<{ last: string; at: Date }[]>('SELECT last_update_id::text AS last, updated_at AS at FROM telegram_poll_checkpoints WHERE bot_id = $1', [botId]);
    return row === undefined ? undefined : { updateId: Number(row.last), at: row.at };
  }

  async advance(botId: string, updateId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO telegram_poll_checkpoints (bot_id, last_update_id) VALUES ($1, $2)
       ON CONFLICT (bot_id) DO UPDATE SET last_update_id = EXCLUDED.last_update_id, updated_at = now()
       WHERE telegram_poll_checkpoints.last_update_id < EXCLUDED.last_update_id
          OR telegram_poll_checkpoints.updated_at < now() - interval '6 days'`,
      [botId, updateId],
    );
  }
}
