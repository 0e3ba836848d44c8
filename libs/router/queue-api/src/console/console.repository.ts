import type { Channel } from '@tributary/contracts';
import type { SqlExecutor } from '@tributary/router-ticketing';

export interface ChannelActivityRow {
  channel: Channel;
  last_inbound_at: Date;
  last_hour: number;
  last_day: number;
  total: number;
}

/** The tenant's customer messages per channel: when the latest arrived and how many. */
export function channelActivity(sql: SqlExecutor, tenantId: string, now: Date): Promise<ChannelActivityRow[]> {
  return sql.query<ChannelActivityRow>(
    `SELECT channel, max(received_at) AS last_inbound_at,
            count(*) FILTER (WHERE received_at >= $2::timestamptz - interval '1 hour')::int AS last_hour,
            count(*) FILTER (WHERE received_at >= $2::timestamptz - interval '1 day')::int AS last_day,
            count(*)::int AS total
       FROM messages WHERE tenant_id = $1 AND direction = 'inbound'
      GROUP BY channel`,
    [tenantId, now.toISOString()],
  );
}

export interface TenantOverviewRow {
  id: string;
  name: string;
  open_tickets: number;
  last_message_at: Date | null;
}

/** Every tenant the router knows (it creates one with its first message), for operators to pick from. */
export function tenantOverview(sql: SqlExecutor): Promise<TenantOverviewRow[]> {
  return sql.query<TenantOverviewRow>(
    `SELECT tn.id, tn.name,
            (SELECT count(*) FROM tickets t WHERE t.tenant_id = tn.id AND t.status IN ('open', 'pending') AND t.merged_into_id IS NULL)::int AS open_tickets,
            (SELECT max(t.last_message_at) FROM tickets t WHERE t.tenant_id = tn.id) AS last_message_at
       FROM tenants tn ORDER BY tn.id`,
  );
}
