import { postgresSafeText } from '@tributary/channel-kit';
import type { DataSource } from 'typeorm';
import type { QuarantineLedgerPort } from '../quarantine/quarantine-redriver.service';
import type { QuarantinedMail, QuarantineFilter } from '../quarantine/quarantined-mail';

interface Row {
  id: string;
  tenant_id: string;
  inbox: string;
  source: string;
  message_id: string | null;
  code: string;
  reason: string;
  storage_uri: string;
  size_bytes: string;
  created_at: Date;
  redriven_at: Date | null;
  redrive_count: number;
  redrive_outcome: string | null;
}

const COLUMNS = 'id::text AS id, tenant_id, inbox, source, message_id, code, reason, storage_uri, size_bytes::text AS size_bytes, created_at, redriven_at, redrive_count, redrive_outcome';

/** The operator's reads and notes on email-ingest's quarantine (rows are written by EmailIngestStateRepository). */
export class EmailQuarantineRepository implements QuarantineLedgerPort {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest `limit` matches, oldest first, and how many matched in all. */
  async list(filter: QuarantineFilter, limit: number): Promise<{ mails: QuarantinedMail[]; matched: number }> {
    const where = ['($1::timestamptz IS NULL OR created_at >= $1)', "($2::text IS NULL OR strpos(lower(code || ' ' || reason), lower($2)) > 0)"].join(' AND ');
    const parameters = [filter.since?.toISOString() ?? null, filter.reason ?? null];
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM (SELECT ${COLUMNS} FROM email_quarantine WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3) newest ORDER BY created_at, id::bigint`, [...parameters, limit]);
    const [count] = await this.dataSource.query<{ matched: number }[]>(`SELECT count(*)::int AS matched FROM email_quarantine WHERE ${where}`, parameters);
    return { mails: rows.map(toMail), matched: count?.matched ?? 0 };
  }

  async get(id: string): Promise<QuarantinedMail | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await this.dataSource.query<Row[]>(`SELECT ${COLUMNS} FROM email_quarantine WHERE id = $1`, [id]);
    return row ? toMail(row) : undefined;
  }

  async recordRedrive(id: string, outcome: string): Promise<void> {
    await this.dataSource.query('UPDATE email_quarantine SET redriven_at = now(), redrive_count = redrive_count + 1, redrive_outcome = $2 WHERE id = $1', [id, postgresSafeText(outcome.slice(0, 4000))]);
  }
}

function toMail(row: Row): QuarantinedMail {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    inbox: row.inbox,
    source: row.source,
    messageId: row.message_id,
    code: row.code,
    reason: row.reason,
    storageUri: row.storage_uri,
    sizeBytes: Number(row.size_bytes),
    quarantinedAt: row.created_at,
    redrivenAt: row.redriven_at,
    redriveCount: row.redrive_count,
    redriveOutcome: row.redrive_outcome,
  };
}
