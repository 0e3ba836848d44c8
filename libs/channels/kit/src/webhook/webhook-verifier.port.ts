/** What a provider signed, as the webhook edge received it. */
export interface WebhookRequest {
  /** The body exactly as sent (empty when there was none): providers sign bytes, not parsed values. */
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The URL the provider called: the configured public base URL plus the path and query received,
   * never rebuilt from Host or the scheme seen here, so a TLS-terminating proxy changes nothing.
   */
  readonly publicUrl: string;
}

/** One provider's webhook signature check, run by WebhookSignatureGuard before the route. */
export interface WebhookVerifierPort {
  /** The base URL the provider was configured to call, e.g. https://voice.example.com (no trailing slash). */
  readonly publicBaseUrl: string;
  /** Returns when the request is authentic; throws WebhookError(SignatureInvalid) with the reason otherwise. */
  verify(request: WebhookRequest): void;
}
