import { createTransport, type Transporter } from 'nodemailer';
import { errorName, withDeadline, type Delivery } from './delivery.util';

/**
 * How long a sender waits for the reply to a mail's data. RFC 5321 (4.5.3.2.6) has a sending MTA
 * wait 10 minutes; a minute is well past email-ingest's 20 s hand-off timeout, so its 451 is seen.
 */
const SMTP_DEADLINE_MS = 60_000;

/** An SMTP server the load generator hands mail to. */
export interface SmtpTarget {
  readonly host: string;
  readonly port: number;
}

/** One mail as the sending server hands it over. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
}

/**
 * Hands mail over as a sending mail server does: a pool of open connections to each target (MX),
 * several mails per connection, each attempt to the next target in turn. 250 is an
 * acknowledgement; a 4xx, a network error or no answer within a minute is not (the caller
 * retries the same mail, as the sender's queue would).
 */
export class SmtpSender {
  private readonly transports: Transporter[];
  private turn = 0;

  constructor(targets: readonly SmtpTarget[], connectionsPerTarget: number) {
    if (targets.length === 0) throw new Error('an SMTP sender needs at least one target');
    this.transports = targets.map(({ host, port }) =>
      createTransport({ host, port, secure: false, ignoreTLS: true, pool: true, maxConnections: Math.max(1, connectionsPerTarget), maxMessages: Infinity }),
    );
  }

  async send(mail: OutgoingMail): Promise<Delivery> {
    const transport = this.transports[this.turn % this.transports.length];
    this.turn += 1;
    if (!transport) throw new Error('no SMTP transport');
    try {
      const info = (await withDeadline(transport.sendMail(mail), SMTP_DEADLINE_MS)) as { response?: unknown };
      const response = typeof info.response === 'string' ? info.response : '';
      return { answer: response.slice(0, 3) || 'no reply', acknowledged: response.startsWith('250') };
    } catch (error) {
      return { answer: errorName(error), acknowledged: false };
    }
  }

  close(): void {
    for (const transport of this.transports) transport.close();
  }
}
