import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '@tributary/channel-voice';
import type { Response } from 'express';

const STATUS: Record<TwilioWebhookErrorCode, number> = {
  [TwilioWebhookErrorCode.SignatureInvalid]: 403,
  [TwilioWebhookErrorCode.UnknownNumber]: 404,
  [TwilioWebhookErrorCode.InvalidPayload]: 400,
};

/**
 * Twilio's own refusals to HTTP: a number no tenant owns is 404, a payload that is not Twilio's 400.
 * What every webhook shares (bad signature, full spool) is the kit's WebhookErrorFilter.
 */
@Catch(TwilioWebhookError)
export class TwilioWebhookErrorFilter implements ExceptionFilter<TwilioWebhookError> {
  catch(error: TwilioWebhookError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(STATUS[error.code]).json({ error: error.code, message: error.message });
  }
}
