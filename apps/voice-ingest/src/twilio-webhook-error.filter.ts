import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '@tributary/channel-voice';
import { SpoolFullError } from '@tributary/platform-spool';
import type { Response } from 'express';

const STATUS: Record<TwilioWebhookErrorCode, number> = {
  [TwilioWebhookErrorCode.SignatureInvalid]: 403,
  [TwilioWebhookErrorCode.UnknownNumber]: 404,
  [TwilioWebhookErrorCode.InvalidPayload]: 400,
};

/** Webhook refusals to HTTP: a bad signature is 403, a full spool 503 (nothing was accepted). */
@Catch(TwilioWebhookError, SpoolFullError)
export class TwilioWebhookErrorFilter implements ExceptionFilter<TwilioWebhookError | SpoolFullError> {
  catch(error: TwilioWebhookError | SpoolFullError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof SpoolFullError) {
      response.status(503).setHeader('retry-after', '30').json({ error: error.code, message: 'temporarily unable to accept messages' });
      return;
    }
    response.status(STATUS[error.code]).json({ error: error.code, message: error.message });
  }
}
