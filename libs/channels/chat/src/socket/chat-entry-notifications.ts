import { Client } from 'pg';
import type { ChatConnectionHub } from './chat-connection-hub';

/** PostgreSQL channel on which a stored agent reply names its conversation (at commit, never before). */
export const CHAT_ENTRY_CHANNEL = 'tributary_chat_entries';

export interface ChatEntryNotificationsOptions {
  readonly databaseUrl: string;
  readonly applicationName: string;
  readonly onError: (error: unknown) => void;
  readonly retryMs?: number;
}

/**
 * Fans a stored reply out to the replica holding the visitor's socket. Replies are consumed by one
 * replica (a shared consumer group, so a reply published while every replica is down waits in
 * Kafka rather than being skipped), stored, and announced with NOTIFY in the storing transaction;
 * every replica LISTENs on its own connection, and the sessions it holds for that conversation replay
 * from the database what they have not sent yet. Notifications sent while the connection was down
 * are gone, so every held conversation catches up whenever listening starts again.
 */
export class ChatEntryNotifications {
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly hub: Pick<ChatConnectionHub, 'catchUp' | 'catchUpAll'>,
    private readonly options: ChatEntryNotificationsOptions,
  ) {}

  async start(): Promise<void> {
    if (this.stopped || this.client) return;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: this.options.applicationName });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the LISTEN connection to PostgreSQL ended')));
    client.on('notification', (message) => {
      if (message.channel === CHAT_ENTRY_CHANNEL && message.payload) this.hub.catchUp(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHAT_ENTRY_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    this.hub.catchUpAll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.options.onError(error);
    this.retry = setTimeout(() => void this.start(), this.options.retryMs ?? 1_000);
  }
}
