/**
 * A reply for a number no session is configured for on this replica (WHATSAPP_WEB_NUMBERS differs
 * between the sender and the sessions). Thrown, not reported as failed: the reply is retried.
 */
export class WhatsappWebSessionUnavailableError extends Error {
  constructor(
    readonly number: string,
    readonly why: string,
  ) {
    super(`the whatsapp-web.js session of ${number} cannot send here: ${why}`);
    this.name = 'WhatsappWebSessionUnavailableError';
  }
}
