import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { inputNumber, judgeRun, readRunOutput, type NumberedInput, type Verdict } from '@tributary/fault-oracle';
import { createDataSource } from '@tributary/platform-database';
import type { SentInput } from './load-generator';
import type { TimedTicketEvent } from './ticket-stream.reader';

/** The oracle's verdict over the acknowledged inputs, and what the load generator could not hand over at all. */
export interface RolloutVerdict extends Verdict {
  readonly acknowledged: number;
  /** Inputs refused until the load generator gave up: not counted as lost, a finding of their own. */
  readonly neverAcknowledged: readonly number[];
  /** Inputs stored but on no ticket event by the time the stream stopped moving. */
  readonly unannounced: readonly number[];
  readonly storedMessages: number;
  readonly clean: boolean;
}

/** How long the router may go without storing or announcing anything more before the run is judged as it stands. */
const STALL_MS = 90_000;

/**
 * Judges a run with the fault suite's oracle. The inputs come from the channels, so each is
 * described to the oracle by what it reads of it: its number, customer, position, and the dedupe key
 * its ingest derives (MessageSid, wamid, Message-ID). The oracle's own settling waits a fixed time
 * and throws when an input never arrives; here the wait lasts as long as the router keeps storing
 * and announcing (a long soak may leave minutes of backlog), and whatever never arrives is a verdict
 * with the input's number rather than a timeout.
 */
export async function judgeRollout(
  routerDatabaseUrl: string,
  tenantId: string,
  sent: readonly SentInput[],
  events: readonly TimedTicketEvent[],
  log: (line: string) => void = () => undefined,
): Promise<RolloutVerdict> {
  const inputs: NumberedInput[] = sent.map((input) => ({
    n: input.n,
    contact: input.contact,
    seq: input.seq,
    key: '',
    value: { ...INBOUND_FIXTURES[input.channel], tenantId, dedupeKey: input.dedupeKey, text: input.text },
  }));
  const neverAcknowledged = sent.filter((input) => input.acknowledgedAt === undefined).map((input) => input.n);
  const unacknowledged = new Set(neverAcknowledged);
  const acknowledged = sent.length - neverAcknowledged.length;
  const dataSource = await createDataSource({ url: routerDatabaseUrl, poolSize: 2, applicationName: 'rollout-oracle' }).initialize();
  try {
    const storedCount = async (): Promise<number> =>
      Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM messages WHERE tenant_id = $1', [tenantId]))[0]?.n ?? 0);
    const stored = await whileProgressing('stored', storedCount, acknowledged, log);
    const announced = (): Promise<number> => Promise.resolve(new Set(events.flatMap(({ event }) => (event.text === undefined ? [] : [event.eventId]))).size);
    await whileProgressing('announced', announced, stored, log);
    // Room for a wrongly repeated store or announcement to show before judging.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const output = await readRunOutput(dataSource, tenantId, events.map((timed) => timed.event));
    const verdict = judgeRun(inputs, output);
    const storedKeys = new Set(output.stored.map((row) => row.dedupeKey));
    const announcedInputs = new Set(events.flatMap(({ event }) => (event.text === undefined ? [] : [inputNumber(event.text)])));
    const unannounced = sent.filter((input) => storedKeys.has(input.dedupeKey) && !announcedInputs.has(input.n)).map((input) => input.n);
    const lost = verdict.lost.filter((n) => !unacknowledged.has(n));
    const clean =
      lost.length === 0 &&
      neverAcknowledged.length === 0 &&
      unannounced.length === 0 &&
      verdict.duplicated.length === 0 &&
      verdict.contactsWithTwoOpenTickets === 0 &&
      verdict.conflictingEvents.length === 0 &&
      verdict.sequenceGaps.length === 0 &&
      verdict.outOfOrder.length === 0;
    return { ...verdict, lost, acknowledged, neverAcknowledged, unannounced, storedMessages: output.stored.length, clean };
  } finally {
    await dataSource.destroy();
  }
}

/** Polls `count` until it reaches `target`, or until it has not grown for STALL_MS; returns the last count. */
async function whileProgressing(what: string, count: () => Promise<number>, target: number, log: (line: string) => void): Promise<number> {
  let last = await count();
  let movedAt = Date.now();
  let loggedAt = Date.now();
  while (last < target && Date.now() - movedAt < STALL_MS) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await count();
    if (now > last) movedAt = Date.now();
    last = now;
    if (Date.now() - loggedAt >= 10_000) {
      log(`${what}: ${last} of ${target}`);
      loggedAt = Date.now();
    }
  }
  if (last < target) log(`${what}: ${last} of ${target}, nothing more for ${STALL_MS / 1000} s; judging as it stands`);
  return last;
}
