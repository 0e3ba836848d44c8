import type { Readable } from 'node:stream';
import type { BlobStore } from '@tributary/platform-blob-store';
import type { IntakeOutcome, ReceivedEmail } from '../intake/email-intake.service';
import { QuarantineRedriveError, QuarantineRedriveErrorCode } from './quarantine-redrive.error';
import type { QuarantinedMail } from './quarantined-mail';

/** The quarantine rows a re-drive reads and notes its outcome on. */
export interface QuarantineLedgerPort {
  get(id: string): Promise<QuarantinedMail | undefined>;
  recordRedrive(id: string, outcome: string): Promise<void>;
}

/** The intake every received mail goes through (EmailIntake). */
export interface MailIntakePort {
  receive(emails: readonly ReceivedEmail[]): Promise<IntakeOutcome>;
}

export type RedriveResult =
  | { readonly id: string; readonly outcome: 'published' }
  | { readonly id: string; readonly outcome: 'quarantined'; readonly code: string; readonly reason: string };

/**
 * Sends a quarantined mail through the intake again, once its cause is removed (a limit raised, a
 * release that reads it): the raw mail is read back from where the quarantine kept it and received
 * as if it had just arrived from the same inbox and source, normalized and handed to Kafka with
 * the same acknowledgement. Its dedupe key comes from its Message-ID (or its content), so a second
 * re-drive of a mail already stored is one message at the router. A mail still refused stays in
 * quarantine (its row is the same: one per mail and inbox) with the new reason noted.
 */
export class QuarantineRedriver {
  constructor(
    private readonly ledger: QuarantineLedgerPort,
    private readonly blobStore: BlobStore,
    private readonly intake: MailIntakePort,
  ) {}

  async redrive(id: string): Promise<RedriveResult> {
    const mail = await this.ledger.get(id);
    if (!mail) throw new QuarantineRedriveError(QuarantineRedriveErrorCode.NotFound, `no quarantined mail ${id}`);
    const raw = await this.read(mail);
    const outcome = await this.intake.receive([
      {
        raw,
        tenantId: mail.tenantId,
        inbox: { address: mail.inbox },
        provider: providerOf(mail),
        receivedAt: mail.quarantinedAt,
        source: mail.source,
        extras: { ...sourceExtras(mail.source), redrivenFromQuarantine: mail.id },
      },
    ]);
    const refusal = outcome.quarantines[0];
    const result: RedriveResult = refusal ? { id, outcome: 'quarantined', code: refusal.code, reason: refusal.reason } : { id, outcome: 'published' };
    await this.ledger.recordRedrive(id, result.outcome === 'published' ? 'published' : `quarantined again: ${result.code}: ${result.reason}`);
    return result;
  }

  private async read(mail: QuarantinedMail): Promise<Buffer> {
    let stream: Readable;
    try {
      stream = await this.blobStore.open(mail.storageUri);
    } catch (error) {
      throw new QuarantineRedriveError(QuarantineRedriveErrorCode.RawMailMissing, `the raw mail of ${mail.id} cannot be read at ${mail.storageUri}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
}

/** What the IMAP intake puts in extras, read back from the source it recorded. */
function sourceExtras(source: string): Record<string, string | number> {
  const imap = /^imap:([^#]+)#(\d+)$/.exec(source);
  return imap?.[1] && imap[2] ? { imapMailbox: imap[1], imapUid: Number(imap[2]) } : {};
}

/** The intake that received it, from the source it recorded (`imap:<mailbox>#<uid>`, `smtp:<client>#<session> from <sender>`). */
function providerOf(mail: QuarantinedMail): 'imap' | 'smtp' {
  if (mail.source.startsWith('imap:')) return 'imap';
  if (mail.source.startsWith('smtp:')) return 'smtp';
  throw new QuarantineRedriveError(QuarantineRedriveErrorCode.UnknownSource, `quarantined mail ${mail.id} names no intake it came through: ${mail.source}`);
}
