export enum WebhookErrorCode {
  SignatureInvalid = 'WEBHOOK_SIGNATURE_INVALID',
  PayloadInvalid = 'WEBHOOK_PAYLOAD_INVALID',
}

/** A webhook refused before anything was handed on; WebhookErrorFilter maps the code to a status. */
export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}
