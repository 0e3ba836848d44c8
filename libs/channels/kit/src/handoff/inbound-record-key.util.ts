import type { InboundMessageV1Input } from '@tributary/contracts';
import { identityMatchKey, IdentityNormalizationError, normalizeIdentity } from '@tributary/platform-identity';

/**
 * The Kafka key of every inbound record, whatever channel produced it: the tenant and the match key
 * of the sender's first identity. One key per contact puts a customer's messages on one partition,
 * in order, and an SMS and a WhatsApp message from one number share it (the router would make them
 * one contact anyway). An identity that cannot be normalized (a withheld caller id, a short code)
 * keeps its raw value, so it still has a stable key of its own.
 */
export function inboundRecordKey(message: Pick<InboundMessageV1Input, 'tenantId' | 'sender'>): string {
  const first = message.sender.identities[0];
  if (!first) return `${message.tenantId}:`;
  try {
    return `${message.tenantId}:${normalizeIdentity(first).matchKey}`;
  } catch (error) {
    if (!(error instanceof IdentityNormalizationError)) throw error;
    return `${message.tenantId}:${identityMatchKey(first.kind, first.value.trim())}`;
  }
}
