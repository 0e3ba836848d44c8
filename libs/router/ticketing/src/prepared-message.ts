import type { InboundMessageV1Message } from '@tributary/contracts';
import { effectiveDedupeKey } from '@tributary/router-domain';
import { normalizeSender, type NormalizedIdentity } from '@tributary/platform-identity';
import { identityLockKey } from './advisory-lock.util';

/** An inbound message with what every later step needs computed once, before any SQL. */
export interface PreparedMessage {
  readonly message: InboundMessageV1Message;
  readonly dedupeKey: string;
  readonly identities: readonly NormalizedIdentity[];
}

/** Throws (e.g. an impossible phone number) when the message can never be processed. */
export function prepareMessage(message: InboundMessageV1Message): PreparedMessage {
  return { message, dedupeKey: effectiveDedupeKey(message), identities: normalizeSender(message.sender.identities) };
}

/** The advisory-lock keys a message needs: its dedupe key and each identity it names. */
export function lockKeysOf({ message, dedupeKey, identities }: PreparedMessage): string[] {
  return [`dedupe:${message.tenantId}:${dedupeKey}`, ...identities.map((identity) => identityLockKey(message.tenantId, identity.matchKey))];
}
