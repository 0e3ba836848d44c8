import type { DataSource } from 'typeorm';

export interface MailboxCheckpoint {
  readonly uidValidity: bigint;
  readonly lastUid: number;
}

/** How far each IMAP mailbox has been handed to Kafka; written only after Kafka acknowledged. */
export class MailboxCheckpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(mailboxKey: string): Promise<MailboxCheckpoint | undefined> {
    const rows = await this.dataSource.query<{
      uid_validity: string;
      last_uid: string;
    }[]>('SELECT uid_validity, last_uid FROM email_mailbox_checkpoints WHERE mailbox_key = $1', [mailboxKey]);
    const row = rows[0];
    return row ? { uidValidity: BigInt(row.uid_validity), lastUid: Number(row.last_uid) } : undefined;
  }

  async save(mailboxKey: string, checkpoint: MailboxCheckpoint): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO email_mailbox_checkpoints (mailbox_key, uid_validity, last_uid) VALUES ($1, $2, $3)
       ON CONFLICT (mailbox_key) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid, updated_at = now()`,
      [mailboxKey, checkpoint.uidValidity.toString(), checkpoint.lastUid],
    );
  }
}
