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
export async function ensureTenant(sql: SqlExecutor, tenantId: string): Promise<TenantPolicy> {
  await sql.query('INSERT INTO tenants (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [tenantId]);
  const [row] = await sql.query<TenantRow>(
    'SELECT id, threading_policy, reopen_window_hours, repeat_window_minutes FROM tenants WHERE id = $1',
    [tenantId],
  );
  if (!row) throw new Error(`tenant ${tenantId} vanished inside its own transaction`);
  return { id: row.id, threadingPolicy: row.threading_policy, reopenWindowHours: row.reopen_window_hours, repeatWindowMinutes: row.repeat_window_minutes };
}
