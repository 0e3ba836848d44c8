import type { SqlExecutor } from '../sql-executor';
import type { BatchTicket } from './batch-ticket';
import type { IdentityWrite, NewContact } from './contact-resolution';

export interface MessageWrite {
  readonly id: string;
  readonly tenantId: string;
  readonly dedupeKey: string;
  readonly ticketId: string;
  readonly contactId: string;
  readonly channel: string;
  readonly provider: string;
  readonly providerMessageId: string;
  readonly emailMessageId: string | null;
  readonly fingerprint: string | null;
  readonly rule: string;
  readonly duplicateOfId: string | null;
  readonly receivedAt: string;
  readonly payload: string;
}

/** Each write is one statement whatever the batch size: columns travel as arrays. */
export async function insertContacts(sql: SqlExecutor, contacts: readonly NewContact[]): Promise<void> {
  if (contacts.length === 0) return;
  await sql.query('INSERT INTO contacts (id, tenant_id, display_name, created_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])', [
    contacts.map((c) => c.id),
    contacts.map((c) => c.tenantId),
    contacts.map((c) => c.displayName),
    contacts.map((c) => c.createdAt),
  ]);
}

export async function upsertIdentities(sql: SqlExecutor, identities: readonly IdentityWrite[], newId: () => string): Promise<void> {
  if (identities.length === 0) return;
  await sql.query(
    `INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value, verified)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::boolean[])
     ON CONFLICT (tenant_id, kind, value) DO UPDATE SET verified = contact_identities.verified OR EXCLUDED.verified`,
    [
      identities.map(() => newId()),
      identities.map((i) => i.tenantId),
      identities.map((i) => i.contactId),
      identities.map((i) => i.kind),
      identities.map((i) => i.value),
      identities.map((i) => i.verified),
    ],
  );
}

/** New tickets with their state after the batch; a unique-index conflict (another router won) aborts the batch. */
export async function insertTickets(sql: SqlExecutor, tickets: readonly BatchTicket[]): Promise<void> {
  if (tickets.length === 0) return;
  await sql.query(
    `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, subject, conversation_key, sequence, created_at, updated_at, last_message_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::integer[],
                          $10::timestamptz[], $11::timestamptz[], $12::timestamptz[])`,
    [
      tickets.map((t) => t.id),
      tickets.map((t) => t.tenant_id),
      tickets.map((t) => t.contact_id),
      tickets.map((t) => t.token),
      tickets.map((t) => t.status),
      tickets.map((t) => t.origin_channel),
      tickets.map((t) => t.subject),
      tickets.map((t) => t.conversation_key),
      tickets.map((t) => t.sequence),
      tickets.map((t) => t.created_at),
      tickets.map((t) => t.updated_at),
      tickets.map((t) => t.last_message_at),
    ],
  );
}

/** Existing tickets the batch changed: their new sequence, status and times (they are locked by lockTickets). */
export async function updateTickets(sql: SqlExecutor, tickets: readonly BatchTicket[]): Promise<void> {
  if (tickets.length === 0) return;
  await sql.query(
    `UPDATE tickets t SET sequence = changed.sequence, status = changed.status, closed_at = changed.closed_at,
            updated_at = changed.updated_at, last_message_at = changed.last_message_at
       FROM unnest($1::uuid[], $2::integer[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])
         AS changed(id, sequence, status, closed_at, updated_at, last_message_at)
      WHERE t.id = changed.id`,
    [
      tickets.map((t) => t.id),
      tickets.map((t) => t.sequence),
      tickets.map((t) => t.status),
      tickets.map((t) => t.closed_at),
      tickets.map((t) => t.updated_at),
      tickets.map((t) => t.last_message_at),
    ],
  );
}

export async function insertMessages(sql: SqlExecutor, messages: readonly MessageWrite[]): Promise<void> {
  if (messages.length === 0) return;
  await sql.query(
    `INSERT INTO messages (id, tenant_id, dedupe_key, ticket_id, contact_id, direction, channel, provider, provider_message_id,
                           email_message_id, text_fingerprint, rule, duplicate_of_id, received_at, payload)
     SELECT id, tenant_id, dedupe_key, ticket_id, contact_id, COALESCE(payload->>'direction', 'inbound'), channel, provider, provider_message_id,
            email_message_id, text_fingerprint, rule, duplicate_of_id, received_at, payload
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::uuid[], $13::timestamptz[], $14::jsonb[])
         AS rows(id, tenant_id, dedupe_key, ticket_id, contact_id, channel, provider, provider_message_id, email_message_id, text_fingerprint,
                 rule, duplicate_of_id, received_at, payload)`,
    [
      messages.map((m) => m.id),
      messages.map((m) => m.tenantId),
      messages.map((m) => m.dedupeKey),
      messages.map((m) => m.ticketId),
      messages.map((m) => m.contactId),
      messages.map((m) => m.channel),
      messages.map((m) => m.provider),
      messages.map((m) => m.providerMessageId),
      messages.map((m) => m.emailMessageId),
      messages.map((m) => m.fingerprint),
      messages.map((m) => m.rule),
      messages.map((m) => m.duplicateOfId),
      messages.map((m) => m.receivedAt),
      messages.map((m) => m.payload),
    ],
  );
}
