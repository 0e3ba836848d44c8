import type { DeadLetterDetailView, DeadLetterView, RedriveOutcome } from '@tributary/platform-kafka';
import { oneLine, table } from './cli-output.util';

/** One line per dead letter, as a terminal shows it; JSON is for scripts (--json). */
export function listText(topic: string, views: readonly DeadLetterView[], matched: number, scanned: number): string {
  const head = `${views.length} of ${matched} matching dead letter${matched === 1 ? '' : 's'} (${scanned} read) on ${topic}`;
  if (views.length === 0) return `${head}\n`;
  const rows = views.map((view) => [view.id, view.timestamp, view.source.topic ?? '?', oneLine(view.key ?? '', 40), oneLine(view.reason, 120)]);
  return `${head}\n${table(['ID', 'TIME', 'SOURCE', 'KEY', 'REASON'], rows)}\n`;
}

export function showText(view: DeadLetterDetailView): string {
  const headerNames = Object.keys(view.headers);
  const lines = [
    `id         ${view.id} on ${view.deadLetterTopic}`,
    `time       ${view.timestamp}`,
    `reason     ${view.reason || '(none given)'}`,
    `source     ${view.source.topic ?? '(unknown topic)'}${view.source.partition === null ? '' : ` partition ${view.source.partition}`}${view.source.offset === null ? '' : ` offset ${view.source.offset}`}`,
    `key        ${view.key ?? '(none)'}`,
    ...(headerNames.length === 0 ? ['headers    (none)'] : headerNames.map((name, index) => `${index === 0 ? 'headers    ' : '           '}${name}: ${view.headers[name] ?? ''}`)),
    ...(view.redrivenFrom ? [`re-driven  before, from ${view.redrivenFrom}, and dead-lettered again`] : []),
    ...(view.reduced
      ? [`reduced    a ${view.reduced.copy} copy${view.reduced.refusal ? ` (the topic refused the whole record: ${view.reduced.refusal})` : ''}; the original (${view.reduced.originalValueBytes ?? '?'} bytes) is at its source offset`]
      : []),
    `value      ${view.valueBytes} bytes${view.value === null && view.valueBase64 !== null ? ', not UTF-8; base64:' : ''}`,
    valueText(view),
  ];
  return `${lines.join('\n')}\n`;
}

export function redriveText(redriven: readonly RedriveOutcome[], skipped: readonly { id: string; reason: string }[]): string {
  const lines = [
    ...redriven.map((outcome) => `re-drove ${outcome.id} to ${outcome.topic}${outcome.bytesFrom === 'source-offset' ? ' (the original, read at its source offset)' : ''}`),
    ...skipped.map((skip) => `skipped  ${skip.id}: ${skip.reason}`),
    `${redriven.length} re-driven${skipped.length > 0 ? `, ${skipped.length} skipped` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

function valueText(view: DeadLetterDetailView): string {
  if (view.value === null) return view.valueBase64 ?? '(no value)';
  try {
    return JSON.stringify(JSON.parse(view.value), null, 2);
  } catch {
    return view.value;
  }
}
