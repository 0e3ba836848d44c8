import { ROLLOUT_CHANNELS } from './channel-input.factory';
import { clock, counts, seconds } from './report-format.util';
import { ROLLOUT_APPS } from './rollout-fixture';
import { inputsByChannel, type RolloutResult } from './rolling-restart';
import type { TicketEventGap } from './ticket-gap.util';
import { verdictLines } from './verdict-report.util';

/** The restart a gap overlapped most, if any. */
function during(gap: TicketEventGap, result: RolloutResult): string {
  let best: { overlap: number; label: string } | undefined;
  for (const restart of result.restarts) {
    const overlap = Math.min(gap.to, restart.readyAt) - Math.max(gap.from, restart.stoppingAt);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { overlap, label: `${restart.app} replica ${restart.replica + 1} restarting` };
  }
  return best?.label ?? 'between restarts';
}

/** The run's printed outcome: verdict, restart durations per app, the largest ticket-event gap, counts. */
export function formatRolloutReport(result: RolloutResult): string {
  const { options, verdict } = result;
  const lines: string[] = [];
  lines.push(`rolling restart: 2 replicas each of ${ROLLOUT_APPS.join(', ')}; ${options.passes} pass(es); tenant ${result.tenantId}`);
  const achieved = result.inputs.length / ((result.loadStoppedAt - result.loadStartedAt) / 1000);
  lines.push(
    `load: ${options.rate} inputs/s asked (${achieved.toFixed(1)} achieved) over ${options.customersPerChannel} customers per channel for ${seconds(result.loadStoppedAt - result.loadStartedAt)} (rollout ${seconds(result.rolloutEndedAt - result.rolloutStartedAt)}, from ${seconds(result.rolloutStartedAt - result.loadStartedAt)} in)`,
  );
  lines.push('', 'restarts (SIGTERM → exit → ready):');
  for (const app of ROLLOUT_APPS) {
    const restarts = result.restarts.filter((restart) => restart.app === app);
    const replicas = restarts.map((r) => `replica ${r.replica + 1}: stop ${seconds(r.exitedAt - r.stoppingAt)} (${r.exit}), start ${seconds(r.readyAt - r.exitedAt)}`);
    const total = restarts.reduce((sum, r) => sum + (r.readyAt - r.stoppingAt), 0);
    lines.push(`  ${app.padEnd(14)} ${seconds(total).padStart(7)}  ${replicas.join('; ')}`);
  }
  lines.push('', 'ticket stream:');
  const gap = result.gapDuringRollout;
  lines.push(gap ? `  largest gap between ticket events during the rollout: ${seconds(gap.ms)} (${clock(gap.from)} → ${clock(gap.to)} UTC, ${during(gap, result)})` : '  largest gap during the rollout: fewer than two ticket events');
  if (result.gapBeforeRollout) lines.push(`  largest gap during the warm-up before it: ${seconds(result.gapBeforeRollout.ms)}`);
  lines.push(`  ${result.ticketEvents} ticket events on ${result.tickets} tickets; ${verdict.storedMessages} messages stored`);

  const byChannel = inputsByChannel(result.inputs);
  const acknowledged = result.inputs.filter((input) => input.acknowledgedAt !== undefined).length;
  const retried = result.inputs.filter((input) => input.answers.length > 1);
  lines.push('', 'inputs:');
  lines.push(`  ${result.inputs.length} sent (${ROLLOUT_CHANNELS.map((channel) => `${channel} ${byChannel[channel]}`).join(', ')}), ${acknowledged} acknowledged`);
  for (const channel of ROLLOUT_CHANNELS) {
    const refusals: Record<string, number> = {};
    for (const input of result.inputs.filter((i) => i.channel === channel)) {
      for (const answer of input.answers.slice(0, input.acknowledgedAt === undefined ? undefined : -1)) refusals[answer] = (refusals[answer] ?? 0) + 1;
    }
    const retriedHere = retried.filter((input) => input.channel === channel).length;
    lines.push(`  ${channel.padEnd(8)} refused and retried: ${retriedHere} inputs; refusals: ${counts(refusals)}`);
  }
  lines.push(`  proxy answers: voice-ingest ${counts(result.proxyAnswers['voice-ingest'])}; social-ingest ${counts(result.proxyAnswers['social-ingest'])}`);

  lines.push('', ...verdictLines(verdict, result.inputs));
  if (result.keptDatabases.length > 0) lines.push(`  databases kept for a look: ${result.keptDatabases.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
