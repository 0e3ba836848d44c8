import type { SqlExecutor } from './sql-executor';

export interface TenantPolicy {
  readonly id: string;
  readonly threadingPolicy: 'contact' | 'conversation';
  readonly reopenWindowHours: number;
  readonly repeatWindowMinutes: number;
}

interface TenantRow {
  id: string;
  threading_policy: 'contact' | 'conversation';
  reopen_window_hours: number;
  repeat_window_minutes: number;
}

/** Tenants are created with default policies the first time one of their messages arrives. */
export async function ensureTenants(sql: SqlExecutor, tenantIds: readonly string[]): Promise<Map<string, TenantPolicy>> {
  const ids = [...new Set(tenantIds)];
  await sql.query('INSERT INTO tenants (id, name) SELECT id, id FROM unnest($1::text[]) AS ids(id) ON CONFLICT (id) DO NOTHING', [ids]);
  const rows = await sql.query<TenantRow>('SELECT id, threading_policy, reopen_window_hours, repeat_window_minutes FROM tenants WHERE id = ANY($1)', [ids]);
  const policies = new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, threadingPolicy: row.threading_policy, reopenWindowHours: row.reopen_window_hours, repeatWindowMinutes: row.repeat_window_minutes },
    ]),
  );
  const missing = ids.find((id) => !policies.has(id));
  if (missing !== undefined) throw new Error(`tenant ${missing} vanished inside its own transaction`);
  return policies;
}
