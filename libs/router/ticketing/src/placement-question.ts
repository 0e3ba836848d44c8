import type { InboundMessageV1Message } from '@tributary/contracts';
import { textFingerprint, threadAncestors, tokenFromSubject } from '@tributary/router-domain';
import { type NormalizedIdentity } from '@tributary/platform-identity';
import type { PlacementQuestion } from './placement-facts.repository';
import type { TenantPolicy } from './tenant.repository';

const HOUR_MS = 3_600_000;

/**
 * What the placement rules ask about one message, the same for both ingest paths: the SQL one
 * (findPlacementFacts) and the set-based one (BatchState.facts).
 */
export function placementQuestion(message: InboundMessageV1Message, tenant: TenantPolicy, contactId: string): PlacementQuestion {
  const received = new Date(message.receivedAt).getTime();
  return {
    tenantId: tenant.id,
    contactId,
    emailAncestors: message.channel === 'email' ? threadAncestors(message) : [],
    token: tokenFromSubject(message.subject),
    fingerprint: textFingerprint(message.text),
    channel: message.channel,
    repeatSince: new Date(received - tenant.repeatWindowMinutes * 60_000),
    reopenSince: new Date(received - tenant.reopenWindowHours * HOUR_MS),
  };
}

/** The ticket key of one channel conversation, for tenants with one ticket per conversation. */
export function conversationKeyOf(message: Pick<InboundMessageV1Message, 'channel' | 'inbox' | 'thread'>): string | null {
  return message.thread.conversationId ? `${message.channel}:${message.inbox.address}:${message.thread.conversationId}` : null;
}

/**
 * The identities that may name the sender's contact. All of them only when the channel vouched for
 * the sender (a verified chat user); otherwise just the first, so nobody can attach someone else's
 * email to themselves.
 */
export function trustedIdentities(identities: readonly NormalizedIdentity[]): readonly NormalizedIdentity[] {
  return identities.some((identity) => identity.verified) ? identities : identities.slice(0, 1);
}
