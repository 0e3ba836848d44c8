import type { ContactIdentityKind } from '@tributary/contracts';

/**
 * The one place that says which identity kinds name the same thing: a phone number and a WhatsApp
 * account on that number are one match key, so one contact and one Kafka partition. Every other
 * "which kinds belong together" question below is answered from this function, never restated.
 */
export function identityMatchKey(kind: ContactIdentityKind, normalizedValue: string): string {
  switch (kind) {
    case 'phone':
    case 'whatsapp':
      return `phone:${normalizedValue}`;
    case 'email':
    case 'telegram':
    case 'messenger':
    case 'instagram':
    case 'whatsapp-user':
    case 'chat-user':
      return `${kind}:${normalizedValue}`;
  }
}

// A Record over the kind union makes the compiler reject this list when contracts add a kind.
const ALL_KINDS = Object.keys({
  email: true,
  phone: true,
  whatsapp: true,
  'whatsapp-user': true,
  telegram: true,
  messenger: true,
  instagram: true,
  'chat-user': true,
} satisfies Record<ContactIdentityKind, true>) as ContactIdentityKind[];

// Match keys keep the value verbatim, so two kinds share keys for one value exactly when they share them for any.
const PROBE_VALUE = '\u0000';

const SHARING = new Map<ContactIdentityKind, readonly ContactIdentityKind[]>(
  ALL_KINDS.map((kind) => [kind, ALL_KINDS.filter((other) => identityMatchKey(other, PROBE_VALUE) === identityMatchKey(kind, PROBE_VALUE))]),
);

/** The kinds whose identities match one of `kind` with the same normalized value, `kind` itself included (phone → phone, whatsapp). */
export function kindsSharingMatchKey(kind: ContactIdentityKind): readonly ContactIdentityKind[] {
  return SHARING.get(kind) ?? [kind];
}

/**
 * Every (kind, value) an identity with this match key may be stored as: a number that came by SMS
 * is looked up as a phone and as a WhatsApp identity. Lets a query on (kind, value) use the unique
 * index instead of recomputing match keys in SQL.
 */
export function identitiesSharingMatchKey(identity: { readonly kind: ContactIdentityKind; readonly value: string }): { kind: ContactIdentityKind; value: string }[] {
  return kindsSharingMatchKey(identity.kind).map((kind) => ({ kind, value: identity.value }));
}
