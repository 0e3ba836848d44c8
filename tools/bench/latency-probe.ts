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
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Produce-to-ticket-event latency at a fixed rate: records go out in small batches every 50 ms,
 * each stamped with its send time under its trace id; a consumer that joined before the first
 * send reads tributary.tickets.v1 and matches each event by the trace id it carries.
 */
export async function probeLatency(run: LatencyRun): Promise<LatencyResult> {
  const { mix, rate, log } = run;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const seen = new Set<string>();
  const consumer = await consumeFromNow(run.kafka, TOPICS.ticketEvents, (messages, receivedAt) => {
    for (const message of messages) {
      const traceId = readHeaders(message.headers)[HEADERS.traceId];
      const sent = traceId === undefined ? undefined : sentAt.get(traceId);
      if (traceId === undefined || sent === undefined || seen.has(traceId)) continue;
      seen.add(traceId);
      latencies.push(receivedAt - sent);
    }
  });
  try {
    const records = mix.records.map((record) => ({ traceId: record.message.traceId, kafka: inboundRecord(record) }));
    const started = performance.now();
    let sent = 0;
    for (let tick = 1; sent < records.length; tick += 1) {
      const upTo = Math.min(records.length, Math.round((rate * tick * TICK_MS) / 1000));
      const batch = records.slice(sent, upTo);
      const now = performance.now();
      // A redelivery keeps its original's send time: only the first copy makes a ticket event.
      for (const record of batch) if (!sentAt.has(record.traceId)) sentAt.set(record.traceId, now);
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
    return { records: records.length, distinct, produceMs, matched: seen.size, deadLettered: run.deadLettered(), summary: summarizeLatencies(latencies) };
  } finally {
    await consumer.disconnect();
  }
}
