import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EmailIntake } from '../intake/email-intake.service';

export interface InboundSmtpRecipient {
  readonly tenantId: string;
  readonly inbox: { readonly address: string; readonly displayName?: string };
}

export interface InboundSmtpOptions {
  readonly host: string;
  readonly port: number;
  readonly maxMessageBytes: number;
  /** Longest the hand-off to Kafka may take before the client is told to try again later (451). */
  readonly handoffTimeoutMs: number;
  /** Only these addresses (lower case) are accepted; everything else is refused at RCPT TO. */
  readonly recipients: ReadonlyMap<string, InboundSmtpRecipient>;
}

/**
 * Which mail a quarantine row or log line is about: the client, and the SMTP session (smtp-server's
 * id, unique per connection) with the envelope sender, as the client's own log shows them.
 */
function smtpSource(session: SMTPServerSession): string {
  const mailFrom = session.envelope.mailFrom === false ? '' : ` from <${session.envelope.mailFrom.address}>`;
  return `smtp:${session.remoteAddress}#${session.id}${mailFrom}`.slice(0, 1000);
}

/** An SMTP reply carried on an error, as smtp-server expects it. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Receives mail pushed by an MTA. A mail is acknowledged with 250 only after Kafka acknowledged it;
 * while Kafka is away the client hears 451 and retries later, as MTAs do. Oversized mail gets 552.
 */
export class InboundSmtpServer {
  private readonly server: SMTPServer;

  constructor(
    private readonly intake: EmailIntake,
    private readonly options: InboundSmtpOptions,
  ) {
    this.server = new SMTPServer({
      size: options.maxMessageBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => callback(this.checkRecipient(address)),
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    this.server.on('error', () => undefined);
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        const address = this.server.server.address();
        resolve(typeof address === 'object' && address ? address.port : this.options.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private checkRecipient(address: SMTPServerAddress): Error | null {
    return this.options.recipients.has(address.address.toLowerCase()) ? null : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`);
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      // Past the limit the rest is only drained, never kept: the mail is refused anyway.
      if (size <= this.options.maxMessageBytes) chunks.push(chunk as Buffer);
    }
    if (stream.sizeExceeded) throw smtpError(552, `5.3.4 message is larger than ${this.options.maxMessageBytes} bytes`);
    const raw = Buffer.concat(chunks);
    const recipients = session.envelope.rcptTo.flatMap((rcpt) => {
      const recipient = this.options.recipients.get(rcpt.address.toLowerCase());
      return recipient ? [recipient] : [];
    });
    const receivedAt = new Date();
    const handoff = this.intake.receive(
      recipients.map((recipient) => ({ raw, tenantId: recipient.tenantId, inbox: recipient.inbox, provider: 'smtp' as const, receivedAt, source: smtpSource(session) })),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(smtpError(451, '4.3.0 cannot store the message right now; try again later')), this.options.handoffTimeoutMs);
    });
    try {
      await Promise.race([handoff, timeout]);
    } catch (error) {
      // Whatever failed downstream, the sender keeps the mail and retries: nothing is lost.
      throw (error as { responseCode?: number }).responseCode === 451 ? error : smtpError(451, '4.3.0 cannot store the message right now; try again later');
    } finally {
      clearTimeout(timer);
    }
  }
}
