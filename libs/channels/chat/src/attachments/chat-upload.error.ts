/** Why an upload was refused; the app maps each code to its HTTP status once, at the edge. */
export enum ChatUploadErrorCode {
  UnknownTenant = 'unknown_tenant',
  TokenInvalid = 'token_invalid',
  OriginNotAllowed = 'origin_not_allowed',
  TooLarge = 'too_large',
  TypeNotAllowed = 'type_not_allowed',
  ContentMismatch = 'content_mismatch',
  NameInvalid = 'name_invalid',
}

export class ChatUploadError extends Error {
  constructor(
    readonly code: ChatUploadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChatUploadError';
  }
}
