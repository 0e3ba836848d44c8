import { tmpdir } from 'node:os';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EmailIntake } from '../intake/email-intake.service';
import { SmtpByteBudget } from './smtp-byte-budget';
import { SmtpMessageSpool, type SmtpMessageSpoolOptions } from './smtp-message-spool';

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
  /** Connections at once; the one over it hears 421 and is closed. Default 50. */
  readonly maxClients?: number;
  /**
   * Bytes of mail held across all sessions, from the first DATA byte until the hand-off ended. A
   * session whose mail would go over it (or whose MAIL FROM declares a SIZE over what is left) hears
   * 452 and its sender retries later. A mail in hand is one Buffer, parsed in slices: each held byte
   * cost about 1.35 bytes of memory in the benchmark (see the README). Default: maxMessageBytes, one
   * largest mail at a time.
   */
  readonly maxBytesInFlight?: number;
  /** A mail larger than this is written to a temporary file while it arrives. Default 1 MiB. */
  readonly spoolAboveBytes?: number;
  /** Directory of those temporary files. Default: the OS temp directory. */
  readonly spoolDirectory?: string;
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

const insufficientStorage = (): Error => smtpError(452, '4.3.1 Insufficient system storage, try again later');

/** The SIZE a client declared in MAIL FROM (RFC 1870), when it did. */
function declaredSize(address: SMTPServerAddress): number | undefined {
  const args = address.args as Record<string, string | undefined> | false;
  const size = args ? Number(args['SIZE']) : Number.NaN;
  return Number.isSafeInteger(size) && size > 0 ? size : undefined;
}

/**
 * Receives mail pushed by an MTA. A mail is acknowledged with 250 only after Kafka acknowledged it;
 * while Kafka is away the client hears 451 and retries later, as MTAs do. Oversized mail gets 552.
 * Memory is bounded: at most maxClients connections, and at most maxBytesInFlight bytes of mail held
 * across them (452 past it, also a temporary refusal); a large mail arrives into a temporary file.
 */
export class InboundSmtpServer {
  private readonly server: SMTPServer;
  private readonly budget: SmtpByteBudget;
  private readonly spool: SmtpMessageSpoolOptions;

  constructor(
    private readonly intake: EmailIntake,
    private readonly options: InboundSmtpOptions,
  ) {
    this.budget = new SmtpByteBudget(options.maxBytesInFlight ?? options.maxMessageBytes);
    this.spool = { spoolAboveBytes: options.spoolAboveBytes ?? 1024 * 1024, directory: options.spoolDirectory ?? tmpdir() };
    this.server = new SMTPServer({
      size: options.maxMessageBytes,
      maxClients: options.maxClients ?? 50,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onMailFrom: (address, _session, callback) => {
        const size = declaredSize(address);
        callback(size !== undefined && size <= options.maxMessageBytes && size > this.budget.available ? insufficientStorage() : null);
      },
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

  /** Bytes of mail held by sessions right now. */
  get bytesInFlight(): number {
    return this.budget.inUse;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private checkRecipient(address: SMTPServerAddress): Error | null {
    return this.options.recipients.has(address.address.toLowerCase()) ? null : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`);
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const spool = new SmtpMessageSpool(this.spool);
    let taken = 0;
    let refused = false;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        // Past the size limit or the budget the rest is only drained, never kept: the mail is refused anyway.
        if (refused || stream.sizeExceeded) continue;
        if (!this.budget.tryTake(chunk.length)) {
          // Given back at once, so the sessions still within the budget can finish.
          refused = true;
          this.budget.give(taken);
          taken = 0;
          await spool.discard();
          continue;
        }
        taken += chunk.length;
        // A full disk is a temporary refusal too (452), not a crash.
        await spool.write(chunk).catch(() => void (refused = true));
      }
      if (stream.sizeExceeded) throw smtpError(552, `5.3.4 message is larger than ${this.options.maxMessageBytes} bytes`);
      if (refused) throw insufficientStorage();
      const raw = await spool.read().catch(() => Promise.reject(insufficientStorage()));
      await spool.discard();
      // The bytes stay taken until the hand-off has settled, even when the client already heard 451.
      const held = taken;
      taken = 0;
      await this.handOff(raw, session, () => this.budget.give(held));
    } finally {
      await spool.discard();
      this.budget.give(taken);
    }
  }

  private async handOff(raw: Buffer, session: SMTPServerSession, settled: () => void): Promise<void> {
    const recipients = session.envelope.rcptTo.flatMap((rcpt) => {
      const recipient = this.options.recipients.get(rcpt.address.toLowerCase());
      return recipient ? [recipient] : [];
    });
    const receivedAt = new Date();
    const handoff = this.intake.receive(
      recipients.map((recipient) => ({ raw, tenantId: recipient.tenantId, inbox: recipient.inbox, provider: 'smtp' as const, receivedAt, source: smtpSource(session) })),
    );
    void handoff.then(settled, settled);
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
