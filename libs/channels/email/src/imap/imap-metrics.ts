import { Counter, Gauge, Registry } from 'prom-client';

/** Per-mailbox health: how far behind it is, when it last succeeded, what went wrong. */
export class ImapMetrics {
  readonly pending: Gauge<'mailbox'>;
  readonly lastSuccess: Gauge<'mailbox'>;
  readonly handedOff: Counter<'mailbox' | 'outcome'>;
  readonly reconnects: Counter<'mailbox'>;

  constructor(registry: Registry = new Registry()) {
    this.pending = new Gauge({ name: 'tributary_email_imap_pending_messages', help: 'Mails found in the mailbox and not yet handed to Kafka', labelNames: ['mailbox'], registers: [registry] });
    this.lastSuccess = new Gauge({ name: 'tributary_email_imap_last_success_timestamp_seconds', help: 'When the last sweep of the mailbox completed', labelNames: ['mailbox'], registers: [registry] });
    this.handedOff = new Counter({ name: 'tributary_email_imap_messages_total', help: 'Mails taken from the mailbox, by outcome (published, quarantined)', labelNames: ['mailbox', 'outcome'], registers: [registry] });
    this.reconnects = new Counter({ name: 'tributary_email_imap_reconnects_total', help: 'IMAP sessions that ended in an error and were reopened', labelNames: ['mailbox'], registers: [registry] });
  }
}
