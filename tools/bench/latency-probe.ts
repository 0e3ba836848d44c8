import { performance } from 'node:perf_hooks';
import { HEADERS, TOPICS } from '@tributary/contracts';
import { readHeaders, type ContractPublisher } from '@tributary/platform-kafka';
import type { Kafka } from 'kafkajs';
import { consumeFromNow, inboundRecord } from './bench-kafka.util';
import type { MessageMix } from './message-mix';
import { summarizeLatencies, type LatencySummary } from './percentiles.util';
import { pollUntil } from './wait.util';

export interface LatencyResult {
  readonly records: number;
  readonly distinct: number;
  readonly produceMs: number;
  /** Distinct messages whose ticket event arrived. */
  readonly matched: number;
  /** Distinct messages dead-lettered instead (they never get a ticket event). */
  readonly deadLettered: number;
  /** Ticket events on the stream that repeat an event id, or a message, already seen: what consumers would have to drop. */
  readonly duplicateEvents: number;
  readonly summary: LatencySummary;
}

export interface LatencyRun {
  readonly kafka: Kafka;
  readonly publisher: ContractPublisher;
  readonly mix: MessageMix;
  readonly rate: number;
  /** How many of the mix's distinct messages were dead-lettered so far. */
  readonly deadLettered: () => number;
  /** How long to wait for the last ticket event after the last send. */
  readonly drainTimeoutMs: number;
  readonly log: (line: string) => void;
}

const TICK_MS = 50;
/** The outbox relay's header: stable across resends, so a repeat is recognisable. */
const EVENT_ID_HEADER = 'tributary-event-id';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Produce-to-ticket-event latency at a fixed rate: records go out in small batches every 50 ms,
 * each timed from when the schedule said it should go (record i at i / rate s), so a producer
 * falling behind shows in the latency instead of hiding it; a consumer that joined before the
 * first send reads tributary.tickets.v1 and matches each event by the trace id it carries. A
 * second event for a message already announced, or a record repeating an event id, is counted as
 * a duplicate.
 */
export async function probeLatency(run: LatencyRun): Promise<LatencyResult> {
  const { mix, rate, log } = run;
  const scheduledAt = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Set<string>();
  const eventIds = new Set<string>();
  let duplicateEvents = 0;
  const consumer = await consumeFromNow(run.kafka, TOPICS.ticketEvents, (messages, receivedAt) => {
    for (const message of messages) {
      const headers = readHeaders(message.headers);
      const eventId = headers[EVENT_ID_HEADER];
      const repeatedId = eventId !== undefined && eventIds.has(eventId);
      if (eventId !== undefined) eventIds.add(eventId);
      if (repeatedId) duplicateEvents += 1;
      const traceId = headers[HEADERS.traceId];
      const scheduled = traceId === undefined ? undefined : scheduledAt.get(traceId);
      if (traceId === undefined || scheduled === undefined) continue;
      if (seen.has(traceId)) {
        // Other events may carry the message's trace (an attachment settling); a second message event may not.
        if (!repeatedId && announcesMessage(message.value)) duplicateEvents += 1;
        continue;
      }
      seen.add(traceId);
      latencies.push(receivedAt - scheduled);
    }
  });
  try {
    const records = mix.records.map((record) => ({ traceId: record.message.traceId, kafka: inboundRecord(record) }));
    const started = performance.now();
    // A redelivery keeps its original's time: only the first copy makes a ticket event.
    for (const [index, record] of records.entries()) if (!scheduledAt.has(record.traceId)) scheduledAt.set(record.traceId, started + (index * 1000) / rate);
    let sent = 0;
    for (let tick = 1; sent < records.length; tick += 1) {
      const upTo = Math.min(records.length, Math.round((rate * tick * TICK_MS) / 1000));
      const batch = records.slice(sent, upTo);
      if (batch.length > 0) await run.publisher.sendRaw(TOPICS.inbound, batch.map((record) => record.kafka));
      sent = upTo;
      if (tick % (5_000 / TICK_MS) === 0) log(`latency: produced ${sent}/${records.length}, ${seen.size} ticket events so far`);
      await sleep(started + tick * TICK_MS - performance.now());
    }
    const produceMs = performance.now() - started;
    log(`latency: produced ${sent}/${records.length} in ${(produceMs / 1000).toFixed(1)} s; waiting for the last ticket events`);
    const distinct = mix.distinctMessageIds.size;
    await pollUntil({
      what: `a ticket event (or a dead letter) for each of ${distinct} distinct messages`,
      read: () => Promise.resolve(seen.size + run.deadLettered()),
      target: distinct,
      timeoutMs: run.drainTimeoutMs,
      stallMs: 60_000,
      intervalMs: 50,
      progressEveryMs: 5_000,
      onProgress: (count) => log(`latency: ${count}/${distinct} ticket events or dead letters`),
    });
    return { records: records.length, distinct, produceMs, matched: seen.size, deadLettered: run.deadLettered(), duplicateEvents, summary: summarizeLatencies(latencies) };
  } finally {
    await consumer.disconnect();
  }
}

/** Parsed only for a trace already matched, so the probe stays cheap beside the router it measures. */
function announcesMessage(value: Buffer | null): boolean {
  const type = value === null ? undefined : (JSON.parse(value.toString()) as { type?: unknown }).type;
  return type === 'ticket.created' || type === 'ticket.message-added';
}
