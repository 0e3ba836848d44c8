import { Counter, Gauge, Registry } from 'prom-client';
import { MailboxLag } from './mailbox-lag.util';

/** Per-mailbox health: how far behind it is, when it last succeeded, what went wrong. */
export class ImapMetrics {
  readonly pending: Gauge<'mailbox'>;
  readonly lag: Gauge<'mailbox'>;
  readonly lastSuccess: Gauge<'mailbox'>;
  readonly handedOff: Counter<'mailbox' | 'outcome'>;
  readonly reconnects: Counter<'mailbox'>;
  private readonly lags = new Map<string, MailboxLag>();

  constructor(registry: Registry = new Registry()) {
    const lags = this.lags;
    this.pending = new Gauge({ name: 'tributary_email_imap_pending_messages', help: 'Mails found in the mailbox and not yet handed to Kafka', labelNames: ['mailbox'], registers: [registry] });
    this.lag = new Gauge({
      name: 'tributary_email_imap_lag_seconds',
      help: 'How long the oldest new mail announced by the server (EXISTS) or found by a sweep has waited without being handed to Kafka; 0 when caught up',
      labelNames: ['mailbox'],
      registers: [registry],
      collect() {
        for (const [mailbox, lag] of lags) this.set({ mailbox }, lag.seconds());
      },
    });
    this.lastSuccess = new Gauge({ name: 'tributary_email_imap_last_success_timestamp_seconds', help: 'When the last sweep of the mailbox completed', labelNames: ['mailbox'], registers: [registry] });
    this.handedOff = new Counter({ name: 'tributary_email_imap_messages_total', help: 'Mails taken from the mailbox, by outcome (published, quarantined)', labelNames: ['mailbox', 'outcome'], registers: [registry] });
    this.reconnects = new Counter({ name: 'tributary_email_imap_reconnects_total', help: 'IMAP sessions that ended in an error and were reopened', labelNames: ['mailbox'], registers: [registry] });
  }

  /** The lag tracker of one mailbox, read by `tributary_email_imap_lag_seconds` at each scrape. */
  lagOf(mailbox: string): MailboxLag {
    let lag = this.lags.get(mailbox);
    if (!lag) {
      lag = new MailboxLag();
      this.lags.set(mailbox, lag);
    }
    return lag;
  }
}
