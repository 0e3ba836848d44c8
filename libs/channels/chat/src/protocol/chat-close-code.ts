/**
 * Why the server closed a chat socket: one code per refusal (4000-4999 is the range RFC 6455 leaves
 * to applications), so the widget knows whether reconnecting can help. The last three digits echo
 * the HTTP status of the same refusal.
 */
export enum ChatCloseCode {
  /** A frame that is not JSON or not one of the protocol's frames, or a frame before `hello`. */
  BadFrame = 4400,
  /** The visitor token is missing, forged, expired, or signed for another tenant: get a new one. */
  TokenInvalid = 4401,
  /** The page's Origin is not on the tenant's allow-list. */
  OriginNotAllowed = 4403,
  /** No such tenant on this deployment. */
  UnknownTenant = 4404,
  /** No `hello` within the deadline after the socket opened. */
  HelloTimeout = 4408,
  /** A frame larger than the limit. */
  FrameTooLarge = 4413,
  /** Too many sockets from this address or for this tenant: reconnect later, with backoff. */
  TooManyConnections = 4429,
  /** The server is shutting down: reconnect (another replica takes over). */
  GoingAway = 1001,
}

/** Whether the widget should reconnect after this close, or give up until the page changes something. */
export function isRetryableClose(code: number): boolean {
  return ![ChatCloseCode.BadFrame, ChatCloseCode.OriginNotAllowed, ChatCloseCode.UnknownTenant, ChatCloseCode.FrameTooLarge].includes(code);
}
