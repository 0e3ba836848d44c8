import type { SentInput } from './load-generator';
import { clock, list } from './report-format.util';
import type { RolloutVerdict } from './rollout-verdict';

/** The oracle's verdict as both harnesses print it, with the history of every input it names. */
export function verdictLines(verdict: RolloutVerdict, inputs: readonly SentInput[]): string[] {
  const lines = [`verdict: ${verdict.clean ? 'CLEAN' : 'NOT CLEAN'}`];
  lines.push(`  acknowledged inputs: ${verdict.acknowledged} of ${inputs.length} sent; ${verdict.storedMessages} messages stored`);
  lines.push(`  lost (acknowledged, never stored): ${list(verdict.lost)}`);
  lines.push(`  duplicated: ${list(verdict.duplicated)}`);
  lines.push(`  never acknowledged: ${list(verdict.neverAcknowledged)}`);
  lines.push(`  stored but never announced: ${list(verdict.unannounced)}`);
  lines.push(`  contacts with two open tickets: ${verdict.contactsWithTwoOpenTickets}`);
  lines.push(`  conflicting ticket events: ${list(verdict.conflictingEvents)}`);
  lines.push(`  ticket sequence gaps: ${list(verdict.sequenceGaps)}`);
  lines.push(`  out of order per customer: ${list(verdict.outOfOrder)}`);
  const named = [...verdict.lost, ...verdict.duplicated, ...verdict.neverAcknowledged, ...verdict.unannounced];
  for (const n of named.slice(0, 40)) {
    const input = inputs[n];
    if (input) lines.push(`  input ${n}: ${input.channel}, ${input.dedupeKey}, sent ${clock(input.firstSentAt)}, answers ${input.answers.join(' → ')}`);
  }
  return lines;
}
