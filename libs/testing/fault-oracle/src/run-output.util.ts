import type { TicketEventV1Message } from '@tributary/contracts';
import { waitFor } from '@tributary/platform-testing';
import type { DataSource } from 'typeorm';
import type { AnnouncedEvent } from './announced-event';
import type { RunOutput } from './exactly-once.oracle';
import type { NumberedInput } from './numbered-inputs';

type ReadEvent = TicketEventV1Message | AnnouncedEvent;

async function ourTickets(dataSource: DataSource, tenantId: string): Promise<Set<string>> {
  return new Set((await dataSource.query<{ id: string }[]>('SELECT id FROM tickets WHERE tenant_id = $1', [tenantId])).map((row) => row.id));
}

/**
 * Waits until every input is stored and announced, then reads what the router kept. The ticket
 * topic may be shared with other suites' routers (other databases) announcing this tenant's records
 * too: only this deployment's tickets count.
 */
export async function settledRunOutput(dataSource: DataSource, tenantId: string, inputs: readonly NumberedInput[], events: readonly ReadEvent[]): Promise<RunOutput> {
  const count = async (): Promise<number> => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM messages WHERE tenant_id = $1', [tenantId]))[0]?.n);
  await waitFor('every input stored', async () => (await count()) >= inputs.length, 120_000, 250);
  await waitFor(
    'every input announced',
    async () => {
      const tickets = await ourTickets(dataSource, tenantId);
      return new Set(events.filter((event) => tickets.has(event.ticketId)).map((event) => event.eventId)).size >= inputs.length;
    },
    60_000,
  );
  // Room for a wrongly repeated store or announcement to show before judging.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return readRunOutput(dataSource, tenantId, events);
}

/**
 * What the router kept of a tenant's run, read at once: its stored messages, contacts with two open
 * tickets, and the events of its own tickets. For a harness that waits in its own way (a soak waits
 * as long as the router makes progress, not for a fixed time).
 */
export async function readRunOutput(dataSource: DataSource, tenantId: string, events: readonly ReadEvent[]): Promise<RunOutput> {
  const stored = await dataSource.query<{ dedupeKey: string; text: string }[]>(
    `SELECT dedupe_key AS "dedupeKey", payload->>'text' AS text FROM messages WHERE tenant_id = $1`,
    [tenantId],
  );
  const [{ n: twoOpen } = { n: '0' }] = await dataSource.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM (SELECT contact_id FROM tickets WHERE tenant_id = $1 AND status IN ('open', 'pending') GROUP BY contact_id HAVING count(*) > 1) AS doubled`,
    [tenantId],
  );
  const tickets = await ourTickets(dataSource, tenantId);
  return { stored, contactsWithTwoOpenTickets: Number(twoOpen), events: events.filter((event) => tickets.has(event.ticketId)) };
}

/** The verdict of a run that kept every promise. */
export const CLEAN_VERDICT = { lost: [], duplicated: [], contactsWithTwoOpenTickets: 0, conflictingEvents: [], sequenceGaps: [], outOfOrder: [] };
