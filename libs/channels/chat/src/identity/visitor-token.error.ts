/** Why a visitor token was refused; the socket closes with 4401 and this reason. */
export enum VisitorTokenErrorCode {
  Malformed = 'malformed',
  SignatureInvalid = 'signature_invalid',
  Expired = 'expired',
  ClaimsInvalid = 'claims_invalid',
  AnonymousNotAllowed = 'anonymous_not_allowed',
}

export class VisitorTokenError extends Error {
  constructor(
    readonly code: VisitorTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VisitorTokenError';
  }
}
