/** A media or recording download Twilio answered with an error status, kept so callers can tell "gone" from "try again". */
export class TwilioMediaFetchError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`media download failed with HTTP ${status}: ${url}`);
    this.name = 'TwilioMediaFetchError';
  }
}
