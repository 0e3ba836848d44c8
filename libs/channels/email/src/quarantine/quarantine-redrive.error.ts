export enum QuarantineRedriveErrorCode {
  NotFound = 'NOT_FOUND',
  RawMailMissing = 'RAW_MAIL_MISSING',
  UnknownSource = 'UNKNOWN_SOURCE',
}

/** Why a quarantined mail could not be re-driven; nothing was handed off. */
export class QuarantineRedriveError extends Error {
  constructor(
    readonly code: QuarantineRedriveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuarantineRedriveError';
  }
}
