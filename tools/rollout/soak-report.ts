import { ROLLOUT_CHANNELS } from './channel-input.factory';
import { summarize, timeline, type LatencySummary } from './latency.util';
import type { SentInput } from './load-generator';
import type { MemoryMoment } from './memory-sampler';
import { counts, millis, mib, seconds } from './report-format.util';
import type { SoakResult } from './soak';
import { describeMix } from './soak-plan.util';
import { verdictLines } from './verdict-report.util';

const perSecond = (n: number, ms: number): string => `${((n * 1000) / ms).toFixed(1)}/s`;
const latencyCells = (summary: LatencySummary | undefined): string =>
  summary ? `p50 ${millis(summary.p50).padStart(8)}  p99 ${millis(summary.p99).padStart(8)}  max ${millis(summary.max).padStart(8)}  (${summary.count} inputs)` : 'none announced';

/** The soak's printed outcome: rate, faults, latency, failures, durability, memory, timeline and the oracle's verdict. */
export function formatSoakReport(result: SoakResult): string {
  const { options, verdict, inputs } = result;
  const loadMs = options.minutes * 60_000;
  const at = (time: number): string => seconds(time - result.loadStartedAt);
  const lines: string[] = [];
  lines.push(`soak: ${options.minutes} min; ${result.plan.replicas} replica(s) each of ${result.plan.apps.join(', ')}; tenant ${result.tenantId}`);
  lines.push(`  mix: ${describeMix(result.customers)}; each customer sends in order every ${seconds((totalCustomers(result) * 1000) / options.rate)}`);
  lines.push(`  email: ${result.plan.emailIntake === 'smtp' ? "pushed over SMTP to email-ingest's inbound SMTP servers (pooled connections, each mail to the next replica)" : 'delivered to GreenMail, polled by email-ingest over IMAP'}; SMS: signed Twilio webhooks to the voice-ingest replicas in turn`);

  const acknowledged = inputs.filter((input) => input.acknowledgedAt !== undefined);
  const lastAnnounced = Math.max(result.loadStartedAt, latest(result.announcedAt.values()));
  lines.push('', 'rate:');
  lines.push(`  asked ${options.rate}/s; sent ${perSecond(inputs.length, loadMs)} (${inputs.length} inputs in ${seconds(loadMs)}); ${acknowledged.length} acknowledged, the last ${seconds(result.drainedAt - result.loadStoppedAt)} after the load stopped`);
  lines.push(`  announced ${result.announcedAt.size}, the last ${at(lastAnnounced)} after the load started (${perSecond(result.announcedAt.size, lastAnnounced - result.loadStartedAt)} from start to finish)`);
  const behind = inputs.filter((input) => input.firstSentAt - input.scheduledAt > 1_000).length;
  lines.push(`  ${behind} inputs went out more than 1 s after they were due (their customer was still waiting on an earlier one)`);
  lines.push(`  machine: ${result.machine.cores} cores, load average ${result.machine.loadAverage.map((n) => n.toFixed(1)).join(' / ')} at the end of the load; this harness (load generator, ticket reader) used ${((result.machine.harnessCpuMs * 100) / result.machine.harnessWallMs).toFixed(0)} % of a core, its event loop late by up to ${millis(result.machine.worstLoopDelayMs)} (p99 of the worst interval; acknowledgement times are late by as much)`);

  lines.push('', 'faults:');
  for (const fault of result.faults) {
    lines.push(`  ${fault.victim.padEnd(18)} SIGKILL at ${at(fault.killedAt)} (due ${seconds(fault.plannedMs)}), ${fault.exit}; started again at ${at(fault.startedAt)}, ready at ${at(fault.readyAt)}`);
  }

  lines.push('', 'latency, scheduled send → its ticket event on tributary.tickets.v1 (record timestamp):');
  const latency = (of: readonly SentInput[], from: (input: SentInput) => number): LatencySummary | undefined =>
    summarize(of.flatMap((input) => {
      const announced = result.announcedAt.get(input.n);
      return announced === undefined ? [] : [announced - from(input)];
    }));
  lines.push(`  all       ${latencyCells(latency(inputs, (input) => input.scheduledAt))}`);
  for (const channel of ROLLOUT_CHANNELS.filter((c) => result.customers[c] > 0)) {
    lines.push(`  ${channel.padEnd(9)} ${latencyCells(latency(inputs.filter((input) => input.channel === channel), (input) => input.scheduledAt))}`);
  }
  lines.push(`  from the first attempt (not counting a customer's wait): ${latencyCells(latency(inputs, (input) => input.firstSentAt))}`);
  lines.push(`  scheduled send → acknowledgement: ${latencyCells(summarize(acknowledged.map((input) => (input.acknowledgedAt ?? 0) - input.scheduledAt)))}`);

  lines.push('', 'failures (every refused attempt counts; each was sent again unchanged, as the provider retries):');
  for (const channel of ROLLOUT_CHANNELS.filter((c) => result.customers[c] > 0)) {
    const refusals: Record<string, number> = {};
    let refusedInputs = 0;
    for (const input of inputs.filter((i) => i.channel === channel)) {
      const refused = input.answers.slice(0, input.acknowledgedAt === undefined ? undefined : -1);
      if (refused.length > 0) refusedInputs += 1;
      for (const answer of refused) refusals[answer] = (refusals[answer] ?? 0) + 1;
    }
    const attempts = Object.values(refusals).reduce((sum, n) => sum + n, 0);
    lines.push(`  ${channel.padEnd(9)} ${attempts} refused attempts on ${refusedInputs} inputs: ${counts(refusals)}`);
  }
  lines.push(`  never acknowledged (given up after 180 s): ${inputs.length - acknowledged.length}`);
  if (result.readerRestarts > 0) lines.push(`  the harness's ticket reader was replaced ${result.readerRestarts} time(s) after its consumer stopped for good`);

  lines.push('', 'durability:');
  lines.push(`  producers: ${result.durability.producer}`);
  lines.push(`  Kafka: ${result.durability.brokers} broker(s)`);
  for (const topic of result.durability.topics) {
    lines.push(`    ${topic.topic}: ${topic.partitions} partitions, replication factor ${topic.replicationFactor}, min.insync.replicas ${topic.minInsyncReplicas}, flush ${topic.flushMessages}`);
  }
  lines.push(`  PostgreSQL: synchronous_commit = ${result.durability.postgres.synchronousCommit}, fsync = ${result.durability.postgres.fsync}`);
  for (const line of result.durability.intake) lines.push(`  ${line}`);

  lines.push('', 'memory (RSS; PostgreSQL as PSS over its processes): before the load → end of load → after settling, peak');
  const moments: MemoryMoment[] = ['before', 'end of load', 'after'];
  for (const row of result.memory) {
    const cells = moments.map((moment) => mib(row.at[moment]).padStart(7)).join(' → ');
    lines.push(`  ${row.label.padEnd(28)} ${cells}   peak ${mib(row.peak).padStart(7)} at ${at(row.peakAt)}${row.replaced ? '  (process replaced on the way)' : ''}`);
  }

  lines.push('', 'timeline (seconds into the load: inputs per second sent, acknowledged and announced; latency of the inputs scheduled then):');
  for (const row of timeline(inputs, result.announcedAt, result.loadStartedAt, loadMs)) {
    const struck = result.faults.filter((fault) => fault.killedAt - result.loadStartedAt >= row.fromMs && fault.killedAt - result.loadStartedAt < row.toMs).map((fault) => `${fault.victim} killed`);
    const rates = [row.sentPerSecond, row.acknowledgedPerSecond, row.announcedPerSecond].map((n) => n.toFixed(0).padStart(5)).join(' ');
    const window = `${(row.fromMs / 1000).toFixed(0).padStart(4)}–${(row.toMs / 1000).toFixed(0).padEnd(4)}`;
    lines.push(`  ${window} ${rates}   p50 ${millis(row.latency?.p50).padStart(8)}  p99 ${millis(row.latency?.p99).padStart(8)}  ${struck.join(', ')}`);
  }

  lines.push('', `ticket stream: ${result.ticketEvents} ticket events on ${result.tickets} tickets`);
  lines.push('', ...verdictLines(verdict, inputs));
  if (verdict.outOfOrder.length > 0) lines.push(`  out of order by channel: ${counts(outOfOrderByChannel(verdict.outOfOrder, inputs))}`);
  if (result.keptDatabases.length > 0) lines.push(`  databases kept for a look: ${result.keptDatabases.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The oracle names the customer of each message announced out of order; each customer writes on one channel. */
function outOfOrderByChannel(findings: readonly string[], inputs: readonly SentInput[]): Record<string, number> {
  const channelOf = new Map(inputs.map((input) => [input.contact, input.channel]));
  const tally: Record<string, number> = {};
  for (const finding of findings) {
    const channel = channelOf.get(Number(/^customer (\d+):/.exec(finding)?.[1])) ?? 'unknown';
    tally[channel] = (tally[channel] ?? 0) + 1;
  }
  return tally;
}

function latest(times: Iterable<number>): number {
  let last = 0;
  for (const time of times) last = Math.max(last, time);
  return last;
}

function totalCustomers(result: SoakResult): number {
  return ROLLOUT_CHANNELS.reduce((sum, channel) => sum + result.customers[channel], 0);
}
