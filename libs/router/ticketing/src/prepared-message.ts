import { ContactIdentitySchema, type InboundMessageV1Message } from '@tributary/contracts';
import { effectiveDedupeKey } from '@tributary/router-domain';
import { normalizeSender, type NormalizedIdentity } from '@tributary/platform-identity';
import { identityLockKey } from './advisory-lock.util';
import { senderIdentity } from './ticket-event.factory';

/** An inbound message with what every later step needs computed once, before any SQL. */
export interface PreparedMessage {
  readonly message: InboundMessageV1Message;
  readonly dedupeKey: string;
  readonly identities: readonly NormalizedIdentity[];
}

/**
 * Throws (e.g. an impossible phone number) when the message can never be processed. The sender's
 * first identity is the one its ticket event names, and events are not validated again as they are
 * built, so it must still be a contract identity once normalized: a few valid addresses are not
 * (a full-width hyphen that becomes a label starting with "-", a soft hyphen that leaves an empty
 * label), and such a message is refused here, before any SQL, with the reason.
 */
export function prepareMessage(message: InboundMessageV1Message): PreparedMessage {
  const identities = normalizeSender(message.sender.identities);
  const [sender] = identities;
  if (sender && !ContactIdentitySchema.safeParse(senderIdentity(sender)).success) {
    throw new Error(`the sender's ${sender.kind} identity "${sender.value}" is not a valid contact identity once normalized`);
  }
  return { message, dedupeKey: effectiveDedupeKey(message), identities };
}

/** The advisory-lock keys a message needs: its dedupe key and each identity it names. */
export function lockKeysOf({ message, dedupeKey, identities }: PreparedMessage): string[] {
  return [`dedupe:${message.tenantId}:${dedupeKey}`, ...identities.map((identity) => identityLockKey(message.tenantId, identity.matchKey))];
}
