import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { SpoolFullError } from '@tributary/platform-spool';
import type { Response } from 'express';
import { WebhookError, WebhookErrorCode } from './webhook.error';

const STATUS: Record<WebhookErrorCode, number> = {
  [WebhookErrorCode.SignatureInvalid]: 403,
  [WebhookErrorCode.PayloadInvalid]: 400,
};

/** Long enough for a Kafka outage's backlog to drain a little; providers that honour it wait, others retry on their own schedule. */
const SPOOL_FULL_RETRY_AFTER_SECONDS = 30;

/**
 * Webhook refusals to HTTP, the same for every channel: a bad signature is 403, a malformed payload
 * 400, a full spool 503 with Retry-After. Each means nothing was accepted, so the provider may retry.
 */
@Catch(WebhookError, SpoolFullError)
export class WebhookErrorFilter implements ExceptionFilter<WebhookError | SpoolFullError> {
  catch(error: WebhookError | SpoolFullError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof SpoolFullError) {
      response.status(503).setHeader('retry-after', String(SPOOL_FULL_RETRY_AFTER_SECONDS)).json({ error: error.code, message: 'temporarily unable to accept messages' });
      return;
    }
    response.status(STATUS[error.code]).json({ error: error.code, message: error.message });
  }
}
