import { Client } from 'pg';
import { RELAY_STATEMENT } from './router-under-bench';

interface ActivityRow {
  state: string | null;
  wait: string | null;
  query: string | null;
}

/**
 * Samples what the router's inbound transaction is doing, from pg_stat_activity, every few ms:
 * executing in PostgreSQL (with or without a wait event) or "idle in transaction", i.e. waiting
 * for the router process to send its next statement (JavaScript, event loop, network). The outbox
 * relay's statements are left out; it works on its own connection.
 */
export class PgActivitySampler {
  private readonly client: Client;
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(url: string, private readonly applicationName = 'tributary-router') {
    this.client = new Client({ connectionString: url, application_name: 'tributary-bench-sampler' });
  }

  async start(intervalMs = 50): Promise<void> {
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.client.end();
  }

  /** State of the inbound transaction → share of samples (0–1), largest first. */
  shares(): [string, number][] {
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).map(([state, n]) => [state, total === 0 ? 0 : n / total]);
  }

  get samples(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<ActivityRow>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait, left(query, 120) AS query FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1 AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`,
        [this.applicationName],
      );
      for (const row of rows) {
        if (row.query?.startsWith(RELAY_STATEMENT)) continue;
        const key = row.state === 'active' ? (row.wait ? `in PostgreSQL, waiting on ${row.wait}` : 'in PostgreSQL, running') : `${row.state ?? 'unknown'} (waiting for the router process)`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    } catch {
      // A missed sample changes nothing; the sampler must never fail the run.
    } finally {
      this.busy = false;
    }
  }
}
