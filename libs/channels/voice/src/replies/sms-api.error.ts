/** The provider refused a message; `code` is its own error code (Twilio's 21211, 20003, …). */
export class SmsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** True when the request itself was wrong (4xx): retrying the same message cannot help. */
    readonly permanent: boolean,
    /** True when the recipient shut this way to us (opted out with STOP): the router marks them unreachable. */
    readonly recipientUnreachable = false,
  ) {
    super(message);
    this.name = 'SmsApiError';
  }
}
