import type { QuarantinedMail, RedriveResult } from '@tributary/channel-email';
import { oneLine, table } from './cli-output.util';

/** A quarantined mail as --json prints it: times as ISO 8601. */
export function quarantineView(mail: QuarantinedMail): Record<string, unknown> {
  return { ...mail, quarantinedAt: mail.quarantinedAt.toISOString(), redrivenAt: mail.redrivenAt?.toISOString() ?? null };
}

/** One line per quarantined mail, as a terminal shows it. */
export function quarantineListText(mails: readonly QuarantinedMail[], matched: number): string {
  const head = `${mails.length} of ${matched} matching quarantined mail${matched === 1 ? '' : 's'}`;
  if (mails.length === 0) return `${head}\n`;
  const rows = mails.map((mail) => [
    mail.id,
    mail.quarantinedAt.toISOString(),
    oneLine(mail.inbox, 40),
    oneLine(mail.source, 60),
    oneLine(mail.messageId ?? '(none)', 60),
    mail.redriveOutcome === null ? '-' : oneLine(mail.redriveOutcome === 'published' ? 'published' : 'again', 10),
    oneLine(`${mail.code}: ${mail.reason}`, 120),
  ]);
  return `${head}\n${table(['ID', 'TIME', 'INBOX', 'SOURCE', 'MESSAGE-ID', 'REDRIVEN', 'REASON'], rows)}\n`;
}

export function quarantineShowText(mail: QuarantinedMail): string {
  const lines = [
    `id           ${mail.id}`,
    `time         ${mail.quarantinedAt.toISOString()}`,
    `tenant       ${mail.tenantId}`,
    `inbox        ${mail.inbox}`,
    `source       ${mail.source}`,
    `message-id   ${mail.messageId ?? '(none)'}`,
    `code         ${mail.code}`,
    `reason       ${mail.reason}`,
    `raw mail     ${mail.storageUri} (${mail.sizeBytes} bytes)`,
    mail.redrivenAt === null ? 're-driven    never' : `re-driven    ${mail.redriveCount} time${mail.redriveCount === 1 ? '' : 's'}, last ${mail.redrivenAt.toISOString()}: ${mail.redriveOutcome ?? ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function quarantineRedriveText(result: RedriveResult): string {
  return result.outcome === 'published'
    ? `re-drove ${result.id}: handed to Kafka (acknowledged); the router stores it once by its dedupe key\n`
    : `re-drove ${result.id}: quarantined again: ${result.code}: ${result.reason}\n`;
}
