export enum QueueApiErrorCode {
  InvalidRequest = 'INVALID_REQUEST',
  TicketNotFound = 'TICKET_NOT_FOUND',
  ContactNotFound = 'CONTACT_NOT_FOUND',
  MergeNotFound = 'MERGE_NOT_FOUND',
  AttachmentNotFound = 'ATTACHMENT_NOT_FOUND',
  NoReplyChannel = 'NO_REPLY_CHANNEL',
  ReplyTooLong = 'REPLY_TOO_LONG',
  ReplyTooLarge = 'REPLY_TOO_LARGE',
  Conflict = 'CONFLICT',
}

/** What went wrong, by code; the exception filter maps codes to HTTP statuses at the edge. */
export class QueueApiError extends Error {
  constructor(
    readonly code: QueueApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'QueueApiError';
  }
}
