import type { Channel, ContactIdentityKind } from '@tributary/contracts';
import type { ContactMergeRow, SqlExecutor, TicketRow } from '@tributary/router-ticketing';

export interface ContactRow {
  id: string;
  display_name: string | null;
  merged_into_id: string | null;
  created_at: Date;
}

export interface ContactTicketRow {
  id: string;
  token: string;
  status: TicketRow['status'];
  origin_channel: Channel;
  subject: string | null;
  merged_into_id: string | null;
  updated_at: Date;
}

/** The tenant's contact, optionally locked for a merge; null for another tenant's. */
export async function findContact(sql: SqlExecutor, tenantId: string, contactId: string, lock = false): Promise<ContactRow | null> {
  const [row] = await sql.query<ContactRow>(
    `SELECT id, display_name, merged_into_id, created_at FROM contacts WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, contactId],
  );
  return row ?? null;
}

export interface ContactIdentityRow {
  id: string;
  kind: ContactIdentityKind;
  value: string;
  verified: boolean;
}

export function contactIdentityRows(sql: SqlExecutor, contactId: string): Promise<ContactIdentityRow[]> {
  return sql.query('SELECT id, kind, value, verified FROM contact_identities WHERE contact_id = $1 ORDER BY created_at, kind, value', [contactId]);
}

export function contactTickets(sql: SqlExecutor, contactId: string): Promise<ContactTicketRow[]> {
  return sql.query<ContactTicketRow>(
    'SELECT id, token, status, origin_channel, subject, merged_into_id, updated_at FROM tickets WHERE contact_id = $1 ORDER BY created_at, id',
    [contactId],
  );
}

/** Merges the contact took part in, as source or target, newest first. */
export function contactMerges(sql: SqlExecutor, contactId: string): Promise<ContactMergeRow[]> {
  return sql.query<ContactMergeRow>(
    'SELECT * FROM contact_merges WHERE source_contact_id = $1 OR target_contact_id = $1 ORDER BY merged_at DESC, id',
    [contactId],
  );
}
