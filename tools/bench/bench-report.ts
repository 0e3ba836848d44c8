import type { BenchOptions } from './bench-options';
import type { CorrectnessReport } from './correctness-check';
import type { CpuSplit } from './cpu-split';
import type { LatencyResult } from './latency-probe';
import type { MessageMix } from './message-mix';
import type { KafkaCeiling, PostgresCeiling } from './raw-ceilings';
import type { ProcessMemory } from './resource-sampler';
import type { BatchStats } from './router-metrics.util';
import type { ThroughputResult } from './router-throughput';
import type { SqlProfile } from './sql-profile';

/** Whatever the run measured; a phase that failed or never ran is missing and left out of the report. */
export interface BenchResults {
  options: BenchOptions;
  context: { stack: string; database: string; tenantPrefix: string; cpus: number; load: [number, number]; node: string };
  mix?: MessageMix;
  kafka?: KafkaCeiling;
  postgres?: PostgresCeiling;
  throughput?: ThroughputResult;
  batches?: BatchStats;
  /** Where the machine's CPU went during phase c. */
  cpu?: CpuSplit;
  /** pg_stat_activity samples of the router's inbound transaction during phase c. */
  activity?: { samples: number; shares: [string, number][] };
  latency?: LatencyResult;
  correctness?: CorrectnessReport;
  profile?: SqlProfile;
  memory?: { peakBytes: number; kernelPeakBytes: number; broker: ProcessMemory | undefined };
  /** Dead-letter reason → how many of the run's records went to the dead-letter topic with it. */
  deadLetterReasons?: Record<string, number>;
  /** PostgreSQL's durability settings for the bench database, as SHOW reports them. */
  durability?: { synchronousCommit: string; fsync: string };
  /** outbox_events updates (the relay marking rows published) and how many of them were HOT. */
  outboxUpdates?: { updates: number; hot: number };
}

type Row = readonly [string, string, string];

const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const rate = (items: number, ms: number): string => `${count((items * 1000) / ms)} msg/s`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const millis = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
const megabytes = (bytes: number): string => `${count(bytes / 1_048_576)} MB`;
const verdict = (value: number): string => (value === 0 ? '0' : `${count(value)}  <-- MUST BE 0`);

function table(rows: readonly Row[]): string[] {
  const first = Math.max(...rows.map((row) => row[0].length));
  const second = Math.max(...rows.map((row) => row[1].length));
  const lines = rows.map(([phase, measure, value]) => `${phase.padEnd(first)}  ${measure.padEnd(second)}  ${value}`);
  return [lines[0] ?? '', `${'─'.repeat(first)}  ${'─'.repeat(second)}  ${'─'.repeat(16)}`, ...lines.slice(1)];
}

/**
 * CPU time of phase c per inbound record handled (dead letters excluded), per process group: less
 * sensitive than throughput to what else the machine runs, since others' work is not counted.
 */
function cpuPerRecord(cpu: CpuSplit, t: ThroughputResult): string {
  const handled = Math.max(1, t.records - t.deadLettered);
  const micros = cpu.groups.map(([, percent]) => (percent / 100) * t.doneMs * 1000 / handled);
  return `${micros.map((value) => count(value)).join(' / ')} = ${count(micros.reduce((sum, value) => sum + value, 0))} µs`;
}

function figureRows(r: BenchResults): Row[] {
  const { options, kafka, postgres, throughput: t, latency, correctness: c, memory } = r;
  const rows: Row[] = [['phase', 'measure', 'value']];
  if (kafka) {
    rows.push(['a. Kafka ceiling', `produce ${count(kafka.records)} records, ${options.batchSize}/send, acks=-1`, rate(kafka.records, kafka.produceMs)]);
    rows.push(['', 'produce + consume back (eachBatch)', rate(kafka.records, kafka.produceAndConsumeMs)]);
  }
  if (postgres) {
    const what = `upsert ${count(postgres.rows)} rows, ${options.batchSize}/statement, ON CONFLICT DO NOTHING`;
    rows.push(['b. PostgreSQL ceiling', what, `${count((postgres.rows * 1000) / postgres.ms)} rows/s`]);
  }
  if (t) {
    rows.push(['c. router throughput', `produce ${count(t.records)} records to tributary.inbound.v1`, `${seconds(t.produceMs)} (${rate(t.records, t.produceMs)})`]);
    rows.push(['', `first send until ${count(t.distinct)} distinct messages stored`, seconds(t.doneMs)]);
    // A dead letter is a failure, not a record handled.
    rows.push(['', 'inbound records handled per second (dead letters excluded)', rate(t.records - t.deadLettered, t.doneMs)]);
    rows.push(['', 'distinct messages stored per second', rate(t.stored, t.doneMs)]);
    if (r.cpu) rows.push(['', 'CPU µs per handled record: bench+router process / PostgreSQL / broker = sum', cpuPerRecord(r.cpu, t)]);
  }
  if (latency) {
    const s = latency.summary;
    rows.push([`d. latency ${count(options.rate)} msg/s × ${options.seconds} s`, `${count(latency.records)} records sent in`, `${seconds(latency.produceMs)} (${rate(latency.records, latency.produceMs)})`]);
    rows.push(['', 'ticket events matched by trace id (+ dead-lettered)', `${count(latency.matched)}/${count(latency.distinct)} (+${count(latency.deadLettered)})`]);
    rows.push(['', 'scheduled send → ticket event p50 / p95 / p99', `${millis(s.p50)} / ${millis(s.p95)} / ${millis(s.p99)} ms`]);
    rows.push(['', 'scheduled send → ticket event max / mean', `${millis(s.max)} / ${millis(s.mean)} ms`]);
    rows.push(['', 'duplicate ticket events on the stream (repeated event id or message)', verdict(latency.duplicateEvents)]);
  }
  if (c) {
    rows.push(['e. correctness', 'distinct messages produced / stored', `${count(c.produced)} / ${count(c.stored)}`]);
    rows.push(['', 'lost (neither stored nor dead-lettered)', verdict(c.lost)]);
    rows.push(['', 'duplicate stored (tenant, dedupe key)', verdict(c.duplicateKeys)]);
    rows.push(['', 'inbound messages stored twice', verdict(c.duplicateMessages)]);
    rows.push(['', 'contacts with more than one open ticket', verdict(c.duplicateOpenTickets)]);
    rows.push(['', `tickets with event sequence gaps (of ${count(c.tickets)})`, verdict(c.sequenceGaps)]);
    rows.push(['', 'outbox events still unpublished', verdict(c.unpublishedEvents)]);
    rows.push(['', 'dead-lettered (the mix is all valid input)', verdict(c.deadLettered)]);
    if (r.outboxUpdates) rows.push(['', 'outbox marks published / of them HOT updates', `${count(r.outboxUpdates.updates)} / ${count(r.outboxUpdates.hot)}`]);
  }
  if (memory) {
    rows.push(['f. memory', 'this process peak RSS (bench + router), sampled', megabytes(memory.peakBytes)]);
    rows.push(['', 'this process peak RSS, kernel (getrusage)', megabytes(memory.kernelPeakBytes)]);
    rows.push(['', 'broker RSS now / peak (VmRSS / VmHWM)', memory.broker ? `${megabytes(memory.broker.rssBytes)} / ${megabytes(memory.broker.peakBytes)}` : 'unknown']);
  }
  return rows;
}

function timeLines({ batches, throughput: t, profile, activity, cpu }: BenchResults): string[] {
  const lines: string[] = [];
  if (batches && t && batches.batches > 0) {
    lines.push(
      `  consumer (phase c): ${count(batches.batches)} batches, ${count(batches.records / batches.batches)} records each on average, ` +
        `${millis((batches.seconds * 1000) / batches.batches)} ms per batch = ${millis((batches.seconds * 1000) / Math.max(1, batches.records))} ms per record`,
      `  time inside batches (processInboundBatch + commit): ${seconds(batches.seconds * 1000)} of the ${seconds(t.doneMs)} run ` +
        `= ${count((batches.seconds * 100_000) / t.doneMs)} %; the rest is Kafka fetch, idle and producing`,
    );
  }
  if (cpu) {
    const parts: (readonly [string, number])[] = [...cpu.groups, ['everything else', cpu.otherPercent], ['idle', cpu.idlePercent]];
    lines.push(`  CPU during phase c, in % of one CPU (${cpu.cpus} CPUs = ${cpu.cpus * 100} %): ${parts.map(([name, percent]) => `${name} ${count(percent)} %`).join(', ')}`);
  }
  if (activity && activity.samples > 0) {
    lines.push(`  the router's inbound transaction, ${count(activity.samples)} pg_stat_activity samples during phase c:`);
    for (const [state, share] of activity.shares) lines.push(`    ${`${(share * 100).toFixed(0)} %`.padStart(5)}  ${state}`);
  }
  if (profile) {
    const perMessage = profile.wallMs / profile.messages;
    const sqlPerMessage = profile.sqlMs / profile.messages;
    lines.push(
      `  per message (profile of processInboundBatch, ${count(profile.messages)} records, ${profile.batchSize}/transaction):`,
      `    ${(profile.statements / profile.messages).toFixed(1)} SQL statements, ${millis(sqlPerMessage)} ms awaiting SQL of ${millis(perMessage)} ms in all ` +
        `(${count((sqlPerMessage * 100) / perMessage)} %); one SELECT 1 round trip: ${millis(profile.roundTripMs)} ms`,
      `    one connection, one statement at a time → ceiling ≈ ${count(1000 / perMessage)} msg/s per router consumer`,
      ...(profile.rejected > 0 ? [`    ${count(profile.rejected)} of them rejected (would be dead-lettered), first: ${profile.firstRejection ?? ''}`] : []),
      '  costliest statements (calls per message, ms per message):',
      ...profile.top.map((s) => `    ${(s.calls / profile.messages).toFixed(2).padStart(5)}  ${millis(s.ms / profile.messages).padStart(5)}  ${s.statement}`),
    );
  }
  return lines.length > 0 ? ['', "Where the router's time goes", ...lines] : [];
}

/** The result as text: the run's context, one table of figures, then where the router's time goes. */
export function renderReport(r: BenchResults): string {
  const { context, mix, correctness: c } = r;
  const lines = ['', `Tributary router benchmark: stack "${context.stack}", database ${context.database}, tenants ${context.tenantPrefix}-*`];
  if (mix) {
    lines.push(
      `  mix: ${count(mix.records.length)} records = ${count(mix.counts.new)} new + ${count(mix.counts['email-reply'])} email replies + ` +
        `${count(mix.counts['cross-channel-repeat'])} cross-channel repeats + ${count(mix.counts.redelivery)} redeliveries; ` +
        `${count(mix.distinctMessageIds.size)} distinct; ${count(mix.contacts)} customers in 5 tenants; all 8 channels`,
    );
  }
  lines.push(`  machine: ${context.cpus} CPUs, load average ${context.load[0].toFixed(2)} before / ${context.load[1].toFixed(2)} after; node ${context.node}`);
  if (r.durability) lines.push(`  PostgreSQL durability (ceiling and router alike): synchronous_commit = ${r.durability.synchronousCommit}, fsync = ${r.durability.fsync}`);
  if (c) lines.push(`  rules the router applied: ${Object.entries(c.rules).map(([rule, n]) => `${rule} ${count(n)}`).join(', ')}; ${count(c.contacts)} contacts`);
  lines.push('', ...table(figureRows(r)));
  for (const [reason, n] of Object.entries(r.deadLetterReasons ?? {})) lines.push(`  dead-lettered ${count(n)}×: ${reason}`);
  lines.push(...timeLines(r));
  return `${lines.join('\n')}\n`;
}
