import type { HandOffFaultPort } from '@tributary/channel-email';

/**
 * Test-only faults, chosen once at start by EMAIL_INGEST_FAULT (refused with NODE_ENV=production).
 * `kill-after-ack`: the process SIGKILLs itself as soon as Kafka acknowledged mail, before the
 * IMAP checkpoint or the SMTP 250, so a crash test can prove that nothing is lost or doubled.
 */
export const EMAIL_INGEST_FAULTS = ['kill-after-ack'] as const;
export type EmailIngestFault = (typeof EMAIL_INGEST_FAULTS)[number];

export function handOffFault(fault: EmailIngestFault | undefined): HandOffFaultPort | undefined {
  switch (fault) {
    case undefined:
      return undefined;
    case 'kill-after-ack':
      // SIGKILL, not an exit: no shutdown hook, no drain, no flush, as when a node dies.
      return { afterKafkaAck: () => process.kill(process.pid, 'SIGKILL') };
  }
}
