import type { MetaReportedState, MetaSentMessage, MetaSentMessagesPort, MetaWatermarkCoverage } from './meta-sent-message';

const RANK: Readonly<Record<MetaReportedState | 'none', number>> = { none: 0, delivered: 1, read: 2 };

/** The sent-messages table in memory, for unit specs; the repository itself is tested against PostgreSQL. */
export class InMemoryMetaSentMessages implements MetaSentMessagesPort {
  readonly rows = new Map<string, MetaSentMessage & { reported?: MetaReportedState }>();

  record(sent: MetaSentMessage): Promise<void> {
    const key = `${sent.accountId} ${sent.messageId}`;
    if (!this.rows.has(key)) this.rows.set(key, { ...sent });
    return Promise.resolve();
  }

  find(accountId: string, messageId: string): Promise<MetaSentMessage | undefined> {
    return Promise.resolve(this.rows.get(`${accountId} ${messageId}`));
  }

  unreported(accountId: string, recipientId: string, coverage: MetaWatermarkCoverage, state: MetaReportedState): Promise<MetaSentMessage[]> {
    const covered = [...this.rows.values()]
      .filter((row) => row.accountId === accountId && row.recipientId === recipientId)
      .filter((row) => row.sentAt.getTime() <= coverage.until.getTime() || coverage.messageIds.includes(row.messageId))
      .filter((row) => RANK[row.reported ?? 'none'] < RANK[state])
      .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    return Promise.resolve(covered);
  }

  markReported(accountId: string, messageIds: readonly string[], state: MetaReportedState): Promise<void> {
    for (const id of messageIds) {
      const row = this.rows.get(`${accountId} ${id}`);
      if (row && RANK[row.reported ?? 'none'] < RANK[state]) row.reported = state;
    }
    return Promise.resolve();
  }
}
