import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DeadLetterErrorCode, DeadLetterOperationError } from '@tributary/platform-kafka';
import type { Response } from 'express';

const STATUS: Record<DeadLetterErrorCode, number> = {
  [DeadLetterErrorCode.InvalidId]: 404,
  [DeadLetterErrorCode.NotFound]: 404,
  [DeadLetterErrorCode.InvalidFilter]: 400,
  [DeadLetterErrorCode.NotRedrivable]: 422,
  [DeadLetterErrorCode.ReadTimeout]: 503,
  [DeadLetterErrorCode.KafkaUnavailable]: 503,
};

/** Dead-letter operations' refusals, mapped to HTTP once, in the queue API's error shape. */
@Catch(DeadLetterOperationError)
export class DeadLetterErrorFilter implements ExceptionFilter<DeadLetterOperationError> {
  catch(error: DeadLetterOperationError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(STATUS[error.code]).json({ error: error.code, message: error.message });
  }
}
