import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { judgeRun, settledRunOutput, type NumberedInput, type Verdict } from '@tributary/fault-oracle';
import { createDataSource } from '@tributary/platform-database';
import { waitFor } from '@tributary/platform-testing';
import type { SentInput } from './load-generator';
import type { TimedTicketEvent } from './ticket-stream.reader';

/** The oracle's verdict over the acknowledged inputs, and what the load generator could not hand over at all. */
export interface RolloutVerdict extends Verdict {
  /** Inputs refused until the load generator gave up: not counted as lost, a finding of their own. */
  readonly neverAcknowledged: readonly number[];
  readonly storedMessages: number;
  readonly clean: boolean;
}

/** How long the router may take after the load stopped to store every acknowledged input. */
const SETTLE_MS = 180_000;

/**
 * Judges a rollout with the fault suite's oracle. The inputs come from the channels, so each is
 * described to the oracle by what it reads of it: its number, customer, position, and the dedupe key
 * its ingest derives (MessageSid, wamid, Message-ID). The oracle's settling waits throw when an input
 * never arrives; waiting here first for the inputs that do arrive keeps a loss a verdict with the
 * input's number rather than a timeout.
 */
export async function judgeRollout(routerDatabaseUrl: string, tenantId: string, sent: readonly SentInput[], events: readonly TimedTicketEvent[]): Promise<RolloutVerdict> {
  const inputs: NumberedInput[] = sent.map((input) => ({
    n: input.n,
    contact: input.contact,
    seq: input.seq,
    key: '',
    value: { ...INBOUND_FIXTURES[input.channel], tenantId, dedupeKey: input.dedupeKey, text: input.text },
  }));
  const neverAcknowledged = sent.filter((input) => input.acknowledgedAt === undefined).map((input) => input.n);
  const dataSource = await createDataSource({ url: routerDatabaseUrl, poolSize: 2, applicationName: 'rollout-oracle' }).initialize();
  try {
    const storedKeys = async (): Promise<Set<string>> =>
      new Set(
        (await dataSource.query<{ key: string }[]>('SELECT dedupe_key AS key FROM messages WHERE tenant_id = $1 AND dedupe_key = ANY($2)', [tenantId, inputs.map((input) => input.value.dedupeKey)])).map(
          (row) => row.key,
        ),
      );
    const acknowledged = inputs.filter((input) => !neverAcknowledged.includes(input.n));
    await waitFor('every acknowledged input stored', async () => (await storedKeys()).size >= acknowledged.length, SETTLE_MS, 500).catch(() => undefined);
    const stored = await storedKeys();
    const arrived = inputs.filter((input) => stored.has(input.value.dedupeKey));
    const output = await settledRunOutput(dataSource, tenantId, arrived, events.map((timed) => timed.event));
    const verdict = judgeRun(inputs, output);
    const lost = verdict.lost.filter((n) => !neverAcknowledged.includes(n));
    const clean =
      lost.length === 0 &&
      neverAcknowledged.length === 0 &&
      verdict.duplicated.length === 0 &&
      verdict.contactsWithTwoOpenTickets === 0 &&
      verdict.conflictingEvents.length === 0 &&
      verdict.sequenceGaps.length === 0 &&
      verdict.outOfOrder.length === 0;
    return { ...verdict, lost, neverAcknowledged, storedMessages: output.stored.length, clean };
  } finally {
    await dataSource.destroy();
  }
}
