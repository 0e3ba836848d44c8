/** Why a mail could not be turned into an InboundMessage; each code is a quarantine reason. */
export enum EmailQuarantineCode {
  TooLarge = 'TOO_LARGE',
  TooManyParts = 'TOO_MANY_PARTS',
  TooManyAttachments = 'TOO_MANY_ATTACHMENTS',
  ParseTimeout = 'PARSE_TIMEOUT',
  Unparseable = 'UNPARSEABLE',
  NoSender = 'NO_SENDER',
  InvalidContract = 'INVALID_CONTRACT',
}

/** A mail that is kept aside with its reason instead of being delivered or retried forever. */
export class EmailQuarantineError extends Error {
  constructor(
    readonly code: EmailQuarantineCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmailQuarantineError';
  }
}
