import { percentile } from '../percentiles.util';
import type { LoadResult } from './open-loop.load';
import { SOCIAL_INGEST_CPU_GROUP, type WebhookBenchResult } from './webhook-bench.result';

const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const millis = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const megabytes = (bytes: number | undefined): string => (bytes === undefined || Number.isNaN(bytes) ? 'unknown' : `${count(bytes / 1_048_576)} MB`);
const verdict = (value: number): string => (value === 0 ? '0' : `${count(value)}  <-- MUST BE 0`);
const perSecond = (items: number, ms: number): string => (ms > 0 ? `${((items * 1000) / ms).toFixed(1)}/s` : 'n/a');

function failuresOf(load: LoadResult | undefined): number {
  return [...(load?.failures.values() ?? [])].reduce((sum, n) => sum + n, 0);
}

function failureDetail(load: LoadResult | undefined): string {
  const entries = [...(load?.failures.entries() ?? [])];
  return entries.length === 0 ? '' : ` (${entries.map(([reason, n]) => `${reason} ×${count(n)}`).join(', ')})`;
}

/** Why the run does not count as passed; empty when every request was acknowledged and verified. */
export function benchProblems(result: WebhookBenchResult): string[] {
  const problems: string[] = [];
  if (result.incomplete) problems.push(`incomplete: ${result.incomplete}`);
  const failed = failuresOf(result.warmup) + failuresOf(result.measured);
  if (failed > 0) {
    const parts = [['warm-up', result.warmup], ['measured', result.measured]] as const;
    problems.push(`${count(failed)} requests failed: ${parts.map(([phase, load]) => `${phase} ${count(failuresOf(load))}${failureDetail(load)}`).join(', ')}`);
  }
  const v = result.verification;
  if (!v) problems.push('the inbound topic was not verified');
  else if (!v.passed) problems.push(`verification failed: ${count(v.missing)} acknowledged messages missing, ${count(v.duplicated)} duplicated, ${count(v.unknown)} unknown records`);
  return problems;
}

function durabilityLine({ durability: d, workload }: WebhookBenchResult): string {
  const topic = d
    ? `tributary.inbound.v1 has ${d.partitions} partitions, replication factor ${d.replicationFactor}, min.insync.replicas ${d.minInsyncReplicas} on ${d.brokers} broker(s), flush.messages ${d.flushMessages} (fsync left to the OS)`
    : 'tributary.inbound.v1 not described';
  return `  durability: the 200 follows the kit's hand-off: idempotent acks=all producer, one send in flight, up to 500 records a batch; no spool (${workload.retriedBy} retries a webhook not answered 200); ${topic}`;
}

function latencyRows(load: LoadResult, rate: number): [string, string][] {
  const latencies = load.ackLatenciesMs;
  const acked = load.acknowledged.size;
  return [
    ['webhooks offered', `${count(load.requests)} at ${count(rate)}/s`],
    ['rate achieved: sent / acknowledged', `${perSecond(load.requests - 1, load.sendWindowMs)} / ${perSecond(acked, load.elapsedMs)}`],
    ['ack latency p50 / p90 / p99 / max', `${[50, 90, 99, 100].map((p) => millis(percentile(latencies, p))).join(' / ')} ms`],
    ['load generator send lag p99 / max', `${millis(percentile(load.sendLagMs, 99))} / ${millis(percentile(load.sendLagMs, 100))} ms`],
    ['failures (non-200, timeout, connection error)', `${verdict(failuresOf(load))}${failureDetail(load)}`],
  ];
}

function table(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([measure]) => measure.length));
  return rows.map(([measure, value], index) => (index === 1 ? `${'─'.repeat(width)}  ${'─'.repeat(16)}` : `${measure.padEnd(width)}  ${value}`));
}

/** Send lag this large means the machine, not only social-ingest, set the pace. */
const LAG_WARNING_MS = 20;

/**
 * Latency is measured from the scheduled send, so a starved load generator never flatters the
 * figures; but a machine without idle CPU makes them a measure of contention. Said out loud.
 */
function contentionWarning({ measured, cpu }: WebhookBenchResult): string | undefined {
  const lag = measured ? percentile(measured.sendLagMs, 99) : Number.NaN;
  const idle = cpu?.idlePercent ?? Number.NaN;
  if (!(lag > LAG_WARNING_MS) && !(idle < 10)) return undefined;
  return `  WARNING: contended machine (load generator send lag p99 ${millis(lag)} ms, idle CPU ${count(idle)} %): the figures measure the machine's other work as much as social-ingest`;
}

/** The run as text: its context and settings, one table of figures, the CPU split and the verdict. */
export function renderWebhookBenchReport(result: WebhookBenchResult): string {
  const { options: o, workload: w, context: c, warmup, measured, verification: v, memory, cpu } = result;
  const lines = [
    '',
    `Tributary ${w.title} webhook benchmark: stack "${c.stack}", tenant ${w.tenantId}, social-ingest pid ${c.appPid ?? 'none'} (own process serving ${c.serving.join(', ')}; log ${c.appLog ?? 'none'})`,
    `  machine: ${c.cpus} CPUs, load average ${c.load[0].toFixed(2)} before / ${c.load[1].toFixed(2)} after; node ${c.node}`,
    `  load: open loop, ${count(o.rate)}/s for ${o.seconds} s after a ${o.warmupSeconds} s warm-up, ${count(o.senders)} senders, timeout ${count(o.timeoutMs)} ms; ` +
      `${w.requests}, over keep-alive HTTP/1.1; latency = scheduled send → 200 with its body read`,
    durabilityLine(result),
    '',
  ];
  const rows: [string, string][] = [['measure', 'value'], ['', '']];
  if (measured) rows.push(...latencyRows(measured, o.rate));
  if (warmup) rows.push(['warm-up (verified, not in the percentiles)', `${count(warmup.requests)} webhooks, failures ${verdict(failuresOf(warmup))}${failureDetail(warmup)}`]);
  if (v) {
    rows.push(
      ['acknowledged on tributary.inbound.v1 exactly once', `${count(v.exactlyOnce)} / ${count(v.acknowledged)}`],
      ['  acknowledged but missing', verdict(v.missing)],
      ['  acknowledged and duplicated', verdict(v.duplicated)],
      ["  this tenant's records the run never sent", verdict(v.unknown)],
      [`  on the topic without a 200 (${w.retriedBy} would retry)`, count(v.publishedWithoutAck)],
      ["  this tenant's records in all", count(v.records)],
    );
  }
  const appCpu = cpu?.groups.find(([name]) => name === SOCIAL_INGEST_CPU_GROUP)?.[1];
  if (measured && appCpu !== undefined) {
    // % of one CPU over the run's wall time → CPU milliseconds; less sensitive to a busy machine than latency.
    rows.push(['social-ingest CPU per webhook (measured run)', `${millis((appCpu / 100) * (measured.elapsedMs / measured.requests))} ms`]);
  }
  if (memory) rows.push(['social-ingest RSS before / after (peak since boot)', `${megabytes(memory.before?.rssBytes)} / ${megabytes(memory.after?.rssBytes)} (${megabytes(memory.after?.peakBytes)})`]);
  if (rows.length > 2) lines.push(...table(rows));
  if (cpu) {
    const parts: (readonly [string, number])[] = [...cpu.groups, ['everything else', cpu.otherPercent], ['idle', cpu.idlePercent]];
    lines.push('', `  CPU during the measured run, in % of one CPU (${cpu.cpus} CPUs = ${cpu.cpus * 100} %): ${parts.map(([name, percent]) => `${name} ${count(percent)} %`).join(', ')}`);
  }
  const warning = contentionWarning(result);
  if (warning) lines.push('', warning);
  const problems = benchProblems(result);
  lines.push('', problems.length === 0 ? 'PASSED: no failed request; every acknowledged message on the topic exactly once' : `FAILED: ${problems.join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** One line per provider, for a run of several: the ack percentiles of the measured runs side by side, and each verdict. */
export function renderWebhookBenchSummary(results: readonly WebhookBenchResult[]): string {
  const [first] = results;
  if (first === undefined) return '';
  const o = first.options;
  const rows: string[][] = [
    ['provider', 'ack p50', 'ack p99', 'max', 'failures', 'exactly once', 'verdict'],
    ...results.map((result) => {
      const latencies = result.measured?.ackLatenciesMs ?? [];
      const v = result.verification;
      return [
        result.workload.provider,
        `${millis(percentile(latencies, 50))} ms`,
        `${millis(percentile(latencies, 99))} ms`,
        `${millis(percentile(latencies, 100))} ms`,
        count(failuresOf(result.warmup) + failuresOf(result.measured)),
        v ? `${count(v.exactlyOnce)} / ${count(v.acknowledged)}` : 'n/a',
        benchProblems(result).length === 0 ? 'PASSED' : 'FAILED',
      ];
    }),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
  return ['', `Summary: ${count(o.rate)} webhooks/s for ${o.seconds} s per provider (measured run; failures include the warm-up)`, ...lines, ''].join('\n');
}
