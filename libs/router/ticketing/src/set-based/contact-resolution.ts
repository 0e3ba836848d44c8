import { randomUUID } from 'node:crypto';
import { identitiesSharingMatchKey, type NormalizedIdentity } from '@tributary/platform-identity';
import { trustedIdentities } from '../placement-question';
import type { StoredIdentity } from './batch-prefetch.repository';

/** A verified sender touches several contacts and proves they are one: the per-message path merges them. */
export class MergeNeededError extends Error {
  constructor() {
    super('a verified sender links several contacts');
  }
}

export interface NewContact {
  readonly id: string;
  readonly tenantId: string;
  readonly displayName: string | null;
  /** The first message's time, as createContact records it. */
  readonly createdAt: Date;
}

export interface IdentityWrite {
  readonly tenantId: string;
  readonly contactId: string;
  readonly kind: string;
  readonly value: string;
  readonly verified: boolean;
}

/**
 * Contacts for a batch's senders, in memory: the identities the database holds, plus the contacts
 * and identities this batch creates, so a sender seen twice in one batch is one contact. Mirrors
 * resolveContact in inbound-ingest.service.ts; where that one would merge contacts, this one
 * gives up (MergeNeededError) and the batch runs message by message.
 */
export class ContactResolution {
  readonly newContacts: NewContact[] = [];
  private readonly newContactsById = new Map<string, NewContact>();
  private readonly identities: Map<string, { contactId: string; verified: boolean; contactCreatedAt: Date }>;
  private readonly writes = new Map<string, IdentityWrite>();

  constructor(stored: readonly StoredIdentity[]) {
    this.identities = new Map(
      stored.map((s) => [identityKey(s.tenantId, s.kind, s.value), { contactId: s.contactId, verified: s.verified, contactCreatedAt: s.contactCreatedAt }]),
    );
  }

  resolve(tenantId: string, identities: readonly NormalizedIdentity[], displayName: string | undefined, seenAt: Date): string {
    const verified = identities.some((identity) => identity.verified);
    const trusted = trustedIdentities(identities);
    const owners = new Map<string, Date>();
    for (const identity of trusted) {
      for (const form of identitiesSharingMatchKey(identity)) {
        const owner = this.identities.get(identityKey(tenantId, form.kind, form.value));
        if (owner) owners.set(owner.contactId, owner.contactCreatedAt);
      }
    }
    if (verified && owners.size > 1) throw new MergeNeededError();
    // One number stored for two contacts (after an unmerge) is not a merge: the oldest keeps it, as in findIdentityOwners.
    let contactId = [...owners.entries()].sort(([idA, atA], [idB, atB]) => atA.getTime() - atB.getTime() || idA.localeCompare(idB))[0]?.[0];
    if (contactId === undefined) {
      contactId = randomUUID();
      const contact = { id: contactId, tenantId, displayName: displayName ?? null, createdAt: seenAt };
      this.newContacts.push(contact);
      this.newContactsById.set(contactId, contact);
    }
    for (const identity of trusted) this.attach(tenantId, contactId, identity, seenAt);
    return contactId;
  }

  identityWrites(): IdentityWrite[] {
    return [...this.writes.values()];
  }

  isNew(contactId: string): boolean {
    return this.newContactsById.has(contactId);
  }

  private attach(tenantId: string, contactId: string, identity: NormalizedIdentity, seenAt: Date): void {
    const key = identityKey(tenantId, identity.kind, identity.value);
    const stored = this.identities.get(key);
    if (stored && (stored.verified || !identity.verified)) return;
    const owner = stored?.contactId ?? contactId;
    const contactCreatedAt = stored?.contactCreatedAt ?? this.newContactsById.get(owner)?.createdAt ?? seenAt;
    this.identities.set(key, { contactId: owner, verified: identity.verified || (stored?.verified ?? false), contactCreatedAt });
    this.writes.set(key, { tenantId, contactId: owner, kind: identity.kind, value: identity.value, verified: identity.verified });
  }
}

function identityKey(tenantId: string, kind: string, value: string): string {
  return `${tenantId}\u0000${kind}\u0000${value}`;
}
