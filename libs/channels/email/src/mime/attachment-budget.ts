import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';

/** InboundMessage v1 carries at most 100 attachments (libs/contracts inbound-message.v1). */
const MAX_ATTACHMENTS = 100;

/**
 * Counts a mail's attachments as they are found, before each is stored: a mail that would go over
 * the contract's limit is quarantined before its next blob put, so a few hundred winmail.dat parts
 * cannot each write a hundred blobs first.
 */
export class AttachmentBudget {
  private used = 0;

  constructor(private readonly max: number = MAX_ATTACHMENTS) {}

  /** Claims room for `count` more attachments, or throws the quarantine error if there is none. */
  reserve(count: number): void {
    if (this.used + count > this.max) {
      throw new EmailQuarantineError(EmailQuarantineCode.TooManyAttachments, `${this.used + count} attachments or more, at most ${this.max}`);
    }
    this.used += count;
  }
}
