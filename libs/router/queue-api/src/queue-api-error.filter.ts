import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';

const STATUS: Record<QueueApiErrorCode, number> = {
  [QueueApiErrorCode.InvalidRequest]: 400,
  [QueueApiErrorCode.TicketNotFound]: 404,
  [QueueApiErrorCode.ContactNotFound]: 404,
  [QueueApiErrorCode.MergeNotFound]: 404,
  [QueueApiErrorCode.AttachmentNotFound]: 404,
  [QueueApiErrorCode.NoReplyChannel]: 422,
  [QueueApiErrorCode.ReplyTooLong]: 422,
  [QueueApiErrorCode.ReplyTooLarge]: 422,
  [QueueApiErrorCode.Conflict]: 409,
};

@Catch(QueueApiError)
export class QueueApiErrorFilter implements ExceptionFilter<QueueApiError> {
  catch(error: QueueApiError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(STATUS[error.code])
      .json({ error: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) });
  }
}
