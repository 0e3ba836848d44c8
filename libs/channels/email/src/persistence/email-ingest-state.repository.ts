import { postgresSafeText } from '@tributary/channel-kit';
import type { DataSource } from 'typeorm';
import type { AutoSubmittedRegistryPort, QuarantinedEmail, QuarantineStorePort } from '../intake/email-intake.ports';

/** Quarantine and machine-sent Message-IDs, in email-ingest's tables. */
export class EmailIngestStateRepository implements QuarantineStorePort, AutoSubmittedRegistryPort {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Once per mail and inbox: a retried hand-off records the same mail again, and that is a no-op.
   * What the mail itself wrote (reason, Message-ID) may hold NUL, which PostgreSQL refuses. A mail
   * without a Message-ID leaves that column out (NULL), as rows from before it existed have it.
   */
  async record(entry: QuarantinedEmail): Promise<void> {
    const columns: [string, unknown][] = [
      ['tenant_id', entry.tenantId],
      ['inbox', entry.inbox],
      ['source', postgresSafeText(entry.source)],
      ...(entry.messageId === undefined ? [] : [['message_id', postgresSafeText(entry.messageId)] as [string, unknown]]),
      ['code', entry.code],
      ['reason', postgresSafeText(entry.reason.slice(0, 4000))],
      ['storage_uri', entry.storageUri],
      ['size_bytes', entry.sizeBytes],
    ];
    await this.dataSource.query(
      `INSERT INTO email_quarantine (${columns.map(([name]) => name).join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})
       ON CONFLICT ON CONSTRAINT email_quarantine_mail_key DO NOTHING`,
      columns.map(([, value]) => value),
    );
  }

  async remember(entries: readonly { tenantId: string; messageId: string; reason: string }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO email_auto_submitted (tenant_id, message_id, reason)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [entries.map((e) => e.tenantId), entries.map((e) => e.messageId), entries.map((e) => e.reason)],
    );
  }

  async isAutoSubmitted(tenantId: string, messageId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM email_auto_submitted WHERE tenant_id = $1 AND lower(message_id) = lower($2)', [tenantId, messageId]);
    return rows.length > 0;
  }

  async quarantined(tenantId: string): Promise<{ code: string; reason: string; source: string; messageId: string | null; storageUri: string }[]> {
    const rows = await this.dataSource.query<{
      code: string;
      reason: string;
      source: string;
      message_id: string | null;
      storage_uri: string;
    }[]>('SELECT code, reason, source, message_id, storage_uri FROM email_quarantine WHERE tenant_id = $1 ORDER BY id', [tenantId]);
    return rows.map((row) => ({ code: row.code, reason: row.reason, source: row.source, messageId: row.message_id, storageUri: row.storage_uri }));
  }
}
