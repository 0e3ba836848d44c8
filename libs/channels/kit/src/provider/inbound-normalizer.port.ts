import type { InboundMessageV1Input } from '@tributary/contracts';

/** What a provider payload becomes: a message, or a reason it can never be one (kept, never dropped). */
export type NormalizeResult<TCode extends string = string> =
  | { readonly kind: 'message'; readonly message: InboundMessageV1Input }
  | { readonly kind: 'quarantined'; readonly code: TCode; readonly reason: string };

/**
 * Turns one verified provider payload into InboundMessage v1. Pure apart from storing attachment
 * bytes: no Kafka, no acknowledgement; the kit's hand-off does that with what this returns.
 */
export interface InboundNormalizer<TPayload, TCode extends string = string> {
  normalize(payload: TPayload): Promise<NormalizeResult<TCode>>;
}
