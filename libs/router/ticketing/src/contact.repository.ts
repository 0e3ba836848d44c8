import { randomUUID } from 'node:crypto';
import { identitiesSharingMatchKey, type NormalizedIdentity } from '@tributary/platform-identity';
import type { SqlExecutor } from './sql-executor';

export interface IdentityOwner {
  readonly contactId: string;
  readonly kind: string;
  readonly value: string;
  readonly verified: boolean;
}

/** The stored identities matching any of these, with their contacts, oldest contact first (the one to keep). */
export async function findIdentityOwners(sql: SqlExecutor, tenantId: string, identities: readonly NormalizedIdentity[]): Promise<IdentityOwner[]> {
  // Every (kind, value) row that has one of the match keys, so the unique (tenant, kind, value) index answers.
  const wanted = identities.flatMap(identitiesSharingMatchKey);
  const rows = await sql.query<{ contact_id: string; kind: string; value: string; verified: boolean }>(
    `SELECT i.contact_id, i.kind, i.value, i.verified
       FROM unnest($2::text[], $3::text[]) AS wanted(kind, value)
       JOIN contact_identities i ON i.tenant_id = $1 AND i.kind = wanted.kind AND i.value = wanted.value
       JOIN contacts c ON c.id = i.contact_id
      ORDER BY c.created_at, i.contact_id`,
    [tenantId, wanted.map((entry) => entry.kind), wanted.map((entry) => entry.value)],
  );
  return rows.map((row) => ({ contactId: row.contact_id, kind: row.kind, value: row.value, verified: row.verified }));
}

/**
 * A contact's age is the time of the first message that introduced it, not the moment of the
 * insert: contacts created in one batch would otherwise tie, and "keep the oldest" on a merge
 * would come down to the order of random ids.
 */
export async function createContact(sql: SqlExecutor, tenantId: string, displayName: string | undefined, firstSeenAt: Date): Promise<string> {
  const id = randomUUID();
  await sql.query('INSERT INTO contacts (id, tenant_id, display_name, created_at) VALUES ($1, $2, $3, $4)', [id, tenantId, displayName ?? null, firstSeenAt]);
  return id;
}

/** Adds the identities the contact doesn't have yet, in one statement; an identity owned by another contact stays there. */
export async function attachIdentities(sql: SqlExecutor, tenantId: string, contactId: string, identities: readonly NormalizedIdentity[]): Promise<void> {
  await sql.query(
    `INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value, verified)
     SELECT id, $1, $2, kind, value, verified FROM unnest($3::uuid[], $4::text[], $5::text[], $6::boolean[]) AS rows(id, kind, value, verified)
     ON CONFLICT (tenant_id, kind, value) DO UPDATE SET verified = contact_identities.verified OR EXCLUDED.verified`,
    [tenantId, contactId, identities.map(() => randomUUID()), identities.map((i) => i.kind), identities.map((i) => i.value), identities.map((i) => i.verified)],
  );
}
