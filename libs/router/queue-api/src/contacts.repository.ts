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
  /** Set while the identity is unreachable: marked by a provider's refusal and not written through since. */
  unreachable_since: Date | null;
  unreachable_reason: string | null;
}

/**
 * The contact's identities with their reachability. A mark is lifted by the customer writing through
 * that identity after it (they unblocked the bot, opted in again): read from the contact's messages
 * here, so the inbound path never has to clear it.
 */
export function contactIdentityRows(sql: SqlExecutor, contactId: string): Promise<ContactIdentityRow[]> {
  return sql.query(
    `SELECT id, kind, value, verified,
            CASE WHEN written_since THEN NULL ELSE unreachable_since END AS unreachable_since,
            CASE WHEN written_since THEN NULL ELSE unreachable_reason END AS unreachable_reason
       FROM (SELECT i.*, i.unreachable_since IS NOT NULL AND EXISTS (
                    SELECT 1 FROM tickets t JOIN messages m ON m.ticket_id = t.id
                     WHERE t.contact_id = i.contact_id AND m.direction = 'inbound' AND m.received_at > i.unreachable_since
                       AND m.payload->'sender'->'identities' @> jsonb_build_array(jsonb_build_object('kind', i.kind, 'value', i.value))
                  ) AS written_since
               FROM contact_identities i WHERE i.contact_id = $1) i
      ORDER BY created_at, kind, value`,
    [contactId],
  );
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
