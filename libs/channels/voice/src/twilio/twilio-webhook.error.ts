export enum TwilioWebhookErrorCode {
  SignatureInvalid = 'TWILIO_SIGNATURE_INVALID',
  UnknownNumber = 'TWILIO_UNKNOWN_NUMBER',
  InvalidPayload = 'TWILIO_INVALID_PAYLOAD',
}

/** A webhook refused before anything was handed on; the HTTP edge maps the code to a status. */
export class TwilioWebhookError extends Error {
  constructor(
    readonly code: TwilioWebhookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioWebhookError';
  }
}
