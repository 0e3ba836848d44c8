import type { DataSource } from 'typeorm';
import type { AgentPresencePort } from './agent-presence.port';

/** `chat_agent_presence`: one row per tenant, the database's clock deciding what has run out. */
export class AgentPresenceRepository implements AgentPresencePort {
  constructor(private readonly dataSource: DataSource) {}

  async agentsOnline(tenantId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM chat_agent_presence WHERE tenant_id = $1 AND online_until > now()', [tenantId]);
    return rows.length > 0;
  }

  async setOnlineUntil(tenantId: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO chat_agent_presence (tenant_id, online_until) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET online_until = EXCLUDED.online_until, updated_at = now()`,
      [tenantId, until],
    );
  }
}
