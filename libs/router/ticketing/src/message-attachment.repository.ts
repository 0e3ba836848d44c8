import type { AttachmentStatusV1Message, PendingAttachment } from '@tributary/contracts';
import type { SqlExecutor } from './sql-executor';

/** An announced attachment of a message just stored. */
export interface AnnouncedAttachment {
  readonly tenantId: string;
  /** The InboundMessage's messageId. */
  readonly inboundMessageId: string;
  /** The router's message row. */
  readonly messageId: string;
  readonly ticketId: string;
  readonly position: number;
  readonly attachment: PendingAttachment;
}

/** What a status found: the row it settled, or (when it settled nothing) the row as it stands. */
export interface AttachmentRowState {
  readonly message_id: string | null;
  readonly inbound_message_id: string;
  readonly status_id: string | null;
  readonly state: 'pending' | 'stored' | 'failed';
}

/**
 * Stores the announced attachments of the messages a batch stored, in one statement. A row an
 * outcome created first (it came before its message) keeps its outcome and joins the message; the
 * ids of those come back, as their outcome was never announced on a ticket.
 */
export async function recordAnnouncedAttachments(sql: SqlExecutor, all: readonly AnnouncedAttachment[]): Promise<{ attachmentId: string; state: string }[]> {
  // An attachment id is unique within its message only: a second message of the batch naming the same
  // one would make the statement touch a row twice, which PostgreSQL refuses for the whole batch (and
  // so for its partition, on every redelivery). The first announcement wins, as it would across batches.
  const seen = new Set<string>();
  const announced = all.filter((a) => {
    const key = `${a.tenantId}\u0000${a.attachment.attachmentId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (announced.length === 0) return [];
  const rows = await sql.query<{ attachmentId: string; state: string; settledEarly: boolean }>(
    `INSERT INTO message_attachments AS a (tenant_id, attachment_id, inbound_message_id, message_id, position, name, content_type, state, error)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::jsonb[])
     ON CONFLICT (tenant_id, attachment_id) DO UPDATE
        SET message_id = EXCLUDED.message_id, position = EXCLUDED.position, name = EXCLUDED.name, content_type = EXCLUDED.content_type, updated_at = now()
      WHERE a.message_id IS NULL AND a.inbound_message_id = EXCLUDED.inbound_message_id
     RETURNING a.attachment_id AS "attachmentId", a.state, a.status_id IS NOT NULL AS "settledEarly"`,
    [
      announced.map((a) => a.tenantId),
      announced.map((a) => a.attachment.attachmentId),
      announced.map((a) => a.inboundMessageId),
      announced.map((a) => a.messageId),
      announced.map((a) => a.position),
      announced.map((a) => (a.attachment.name === undefined ? null : withoutNul(a.attachment.name))),
      announced.map((a) => (a.attachment.contentType === undefined ? null : withoutNul(a.attachment.contentType))),
      announced.map((a) => a.attachment.state),
      announced.map((a) => (a.attachment.error ? JSON.stringify(withoutNulDeep(a.attachment.error)) : null)),
    ],
  );
  return rows.filter((row) => row.settledEarly).map(({ attachmentId, state }) => ({ attachmentId, state }));
}

/**
 * Settles a pending attachment with its outcome, or keeps an outcome that came before its message.
 * Null when it changed nothing: the attachment already has an outcome (or belongs to another message).
 */
export async function settleAttachment(sql: SqlExecutor, status: AttachmentStatusV1Message): Promise<AttachmentRowState | null> {
  const [row] = await sql.query<AttachmentRowState>(
    `INSERT INTO message_attachments AS a (tenant_id, attachment_id, inbound_message_id, state, attachment, error, attempts, status_id, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, attachment_id) DO UPDATE
        SET state = EXCLUDED.state, attachment = EXCLUDED.attachment, error = EXCLUDED.error, attempts = EXCLUDED.attempts,
            status_id = EXCLUDED.status_id, occurred_at = EXCLUDED.occurred_at, updated_at = now()
      WHERE a.state = 'pending' AND a.inbound_message_id = EXCLUDED.inbound_message_id
     RETURNING a.message_id, a.inbound_message_id, a.status_id, a.state`,
    [
      status.tenantId,
      status.attachmentId,
      status.messageId,
      status.state,
      status.attachment ? JSON.stringify(withoutNulDeep(status.attachment)) : null,
      status.error ? JSON.stringify(withoutNulDeep(status.error)) : null,
      status.attempts,
      status.statusId,
      status.occurredAt,
    ],
  );
  return row ?? null;
}

export async function findAttachment(sql: SqlExecutor, tenantId: string, attachmentId: string): Promise<AttachmentRowState | null> {
  const [row] = await sql.query<AttachmentRowState>(
    'SELECT message_id, inbound_message_id, status_id, state FROM message_attachments WHERE tenant_id = $1 AND attachment_id = $2',
    [tenantId, attachmentId],
  );
  return row ?? null;
}

/** PostgreSQL refuses NUL in text and jsonb; a provider's name or error text must not cost the message its place. */
function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '');
}

function withoutNulDeep<T>(value: T): T {
  if (typeof value === 'string') return withoutNul(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNulDeep(item as unknown)])) as T;
  }
  return value;
}
