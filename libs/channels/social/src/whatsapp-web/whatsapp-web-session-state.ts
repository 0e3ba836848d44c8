/**
 * Where one number's session stands on this replica, for the operator endpoint and readiness.
 * `waiting-for-lease`: another replica holds the number (or none can yet); `starting`: this replica
 * holds it and its Client is opening WhatsApp Web; `qr-required`: the number must be linked by
 * scanning `qr` in the phone's WhatsApp (Linked devices); `ready`: messages flow; `disconnected` and
 * `failed`: the Client ended (WhatsApp logged it out, the phone unlinked it, WhatsApp Web unreachable,
 * the browser would not start) and a new one starts at `retryAt`; `stopped`: the app is shutting down.
 */
export type WhatsappWebSessionState =
  | { readonly kind: 'waiting-for-lease'; readonly since: string }
  | { readonly kind: 'starting'; readonly since: string }
  | { readonly kind: 'qr-required'; readonly qr: string; readonly since: string }
  | { readonly kind: 'ready'; readonly since: string }
  | { readonly kind: 'disconnected'; readonly reason: string; readonly retryAt?: string; readonly since: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly retryAt?: string; readonly since: string }
  | { readonly kind: 'stopped'; readonly since: string };

export type WhatsappWebSessionStateKind = WhatsappWebSessionState['kind'];

/**
 * Why a session held here does not carry messages, as a readiness or status line; undefined when it
 * does, or when it is not this replica's to run (another replica holds it, or the app is stopping).
 */
export function whatsappWebSessionProblem(number: string, state: WhatsappWebSessionState): string | undefined {
  switch (state.kind) {
    case 'waiting-for-lease':
    case 'ready':
    case 'stopped':
      return undefined;
    case 'starting':
      return `WhatsApp number ${number}: opening WhatsApp Web`;
    case 'qr-required':
      return `WhatsApp number ${number}: not linked; scan the QR shown to operators in WhatsApp > Linked devices`;
    case 'disconnected':
      return `WhatsApp number ${number}: disconnected (${state.reason})${state.retryAt ? `; retrying at ${state.retryAt}` : ''}`;
    case 'failed':
      return `WhatsApp number ${number}: failed (${state.reason})${state.retryAt ? `; retrying at ${state.retryAt}` : ''}`;
  }
}
