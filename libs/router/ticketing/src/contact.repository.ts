import { randomUUID } from 'node:crypto';
import type { NormalizedIdentity } from '@tributary/router-domain';
import type { SqlExecutor } from './sql-executor';

/** Contacts owning any of these identities, oldest first (the oldest is the one to keep). */
export async function findContactIds(sql: SqlExecutor, tenantId: string, identities: readonly NormalizedIdentity[]): Promise<string[]> {
  const rows = await sql.query<{ contact_id: string }>(
    `SELECT i.contact_id FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
      WHERE i.tenant_id = $1
        -- the match key, computed exactly as normalizeIdentity computes it
        AND (CASE WHEN i.kind IN ('phone', 'whatsapp') THEN 'phone:' || i.value ELSE i.kind || ':' || i.value END) = ANY($2)
      GROUP BY i.contact_id, c.created_at ORDER BY c.created_at, i.contact_id`,
    [tenantId, identities.map((identity) => identity.matchKey)],
  );
  return rows.map((row) => row.contact_id);
}

export async function createContact(sql: SqlExecutor, tenantId: string, displayName: string | undefined): Promise<string> {
  const id = randomUUID();
  await sql.query('INSERT INTO contacts (id, tenant_id, display_name) VALUES ($1, $2, $3)', [id, tenantId, displayName ?? null]);
  return id;
}

/** Adds the identities the contact doesn't have yet; an identity owned by another contact stays there. */
export async function attachIdentities(sql: SqlExecutor, tenantId: string, contactId: string, identities: readonly NormalizedIdentity[]): Promise<void> {
  for (const identity of identities) {
    await sql.query(
      `INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value, verified) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, kind, value) DO UPDATE SET verified = contact_identities.verified OR EXCLUDED.verified`,
      [randomUUID(), tenantId, contactId, identity.kind, identity.value, identity.verified],
    );
  }
}
