import { TOPICS } from '@tributary/contracts';
import type { Client } from 'pg';

export interface CorrectnessReport {
  readonly produced: number;
  readonly stored: number;
  readonly deadLettered: number;
  /** Produced distinct messages neither stored nor dead-lettered. */
  readonly lost: number;
  readonly lostSample: readonly string[];
  /** (tenant, dedupe key) pairs stored more than once. */
  readonly duplicateKeys: number;
  /** Inbound messages stored more than once under any key. */
  readonly duplicateMessages: number;
  /** Contacts with more than one open (or pending) ticket. */
  readonly duplicateOpenTickets: number;
  readonly tickets: number;
  readonly contacts: number;
  /** Tickets whose events on tributary.tickets.v1 are not exactly 1..sequence. */
  readonly sequenceGaps: number;
  readonly unpublishedEvents: number;
  readonly rules: Readonly<Record<string, number>>;
}

async function scalar(client: Client, sql: string, parameters: unknown[]): Promise<number> {
  const { rows } = await client.query<{ n: string | null }>(sql, parameters);
  return Number(rows[0]?.n ?? 0);
}

/** Counts unpublished outbox rows of the run's tenants (the relay should bring them to 0). */
export function countUnpublished(client: Client, tenantPattern: string): Promise<number> {
  return scalar(client, 'SELECT count(*) AS n FROM outbox_events WHERE tenant_id LIKE $1 AND published_at IS NULL', [tenantPattern]);
}

/**
 * What must hold after any run, checked in the database for the run's tenants only: nothing lost,
 * nothing stored twice, one open ticket per contact, gap-free event sequences, all published.
 */
export async function checkCorrectness(
  client: Client,
  tenantPattern: string,
  produced: ReadonlySet<string>,
  deadLettered: ReadonlySet<string>,
): Promise<CorrectnessReport> {
  const { rows } = await client.query<{ id: string | null }>("SELECT payload->>'messageId' AS id FROM messages WHERE tenant_id LIKE $1", [tenantPattern]);
  const storedIds = new Map<string, number>();
  for (const row of rows) if (row.id) storedIds.set(row.id, (storedIds.get(row.id) ?? 0) + 1);
  const lost = [...produced].filter((id) => !storedIds.has(id) && !deadLettered.has(id));

  const duplicateKeys = await scalar(
    client,
    'SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE tenant_id LIKE $1 GROUP BY tenant_id, dedupe_key HAVING count(*) > 1) d',
    [tenantPattern],
  );
  const duplicateOpenTickets = await scalar(
    client,
    `SELECT count(*) AS n FROM (SELECT 1 FROM tickets WHERE tenant_id LIKE $1 AND status IN ('open', 'pending')
       GROUP BY tenant_id, contact_id HAVING count(*) > 1) d`,
    [tenantPattern],
  );
  const { rows: sequenceRows } = await client.query<{ tickets: string; gaps: string }>(
    `SELECT count(*) AS tickets,
            count(*) FILTER (WHERE e.n IS NULL OR e.n <> t.sequence OR e.first <> 1 OR e.last <> e.n OR e.distinct_sequences <> e.n) AS gaps
       FROM tickets t
       LEFT JOIN (SELECT ticket_id, count(*) AS n, min(sequence) AS first, max(sequence) AS last, count(DISTINCT sequence) AS distinct_sequences
                    FROM outbox_events WHERE tenant_id LIKE $1 AND topic = $2 GROUP BY ticket_id) e ON e.ticket_id = t.id
      WHERE t.tenant_id LIKE $1`,
    [tenantPattern, TOPICS.ticketEvents],
  );
  const { rows: ruleRows } = await client.query<{ rule: string; n: string }>(
    'SELECT rule, count(*) AS n FROM messages WHERE tenant_id LIKE $1 GROUP BY rule ORDER BY count(*) DESC',
    [tenantPattern],
  );
  return {
    produced: produced.size,
    stored: rows.length,
    deadLettered: deadLettered.size,
    lost: lost.length,
    lostSample: lost.slice(0, 5),
    duplicateKeys,
    duplicateMessages: [...storedIds.values()].filter((count) => count > 1).length,
    duplicateOpenTickets,
    tickets: Number(sequenceRows[0]?.tickets ?? 0),
    contacts: await scalar(client, 'SELECT count(*) AS n FROM contacts WHERE tenant_id LIKE $1', [tenantPattern]),
    sequenceGaps: Number(sequenceRows[0]?.gaps ?? 0),
    unpublishedEvents: await countUnpublished(client, tenantPattern),
    rules: Object.fromEntries(ruleRows.map((row) => [row.rule, Number(row.n)])),
  };
}
