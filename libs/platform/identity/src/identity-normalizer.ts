import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { ContactIdentity } from '@tributary/contracts';
import { canonicalEmailAddress } from './email-address-form.util';
import { identityMatchKey } from './match-key';

/**
 * The form under which an identity is stored and matched. Phone-like identities (phone,
 * whatsapp) share one match key so an SMS, a call and a WhatsApp message from one number find
 * one contact whatever kind the channel reported.
 */
export interface NormalizedIdentity {
  readonly kind: ContactIdentity['kind'];
  readonly value: string;
  readonly verified: boolean;
  /** What two identities must share to belong to one contact: `phone:+4915…`, `email:jane@…`. */
  readonly matchKey: string;
}

export class IdentityNormalizationError extends Error {
  constructor(kind: string, value: string, reason: string) {
    super(`${kind} identity "${value}" cannot be normalized: ${reason}`);
    this.name = 'IdentityNormalizationError';
  }
}

/** Normalizes one identity; `defaultRegion` reads national phone numbers (e.g. "DE" for 0151…). */
export function normalizeIdentity(identity: ContactIdentity, defaultRegion?: CountryCode): NormalizedIdentity {
  switch (identity.kind) {
    case 'email': {
      const value = canonicalEmailAddress(identity.value);
      return { kind: 'email', value, verified: false, matchKey: identityMatchKey('email', value) };
    }
    case 'phone':
    case 'whatsapp': {
      const value = toE164(identity.kind, identity.value, defaultRegion);
      return { kind: identity.kind, value, verified: false, matchKey: identityMatchKey(identity.kind, value) };
    }
    case 'telegram':
    case 'messenger':
    case 'instagram':
      return { kind: identity.kind, value: identity.value, verified: false, matchKey: identityMatchKey(identity.kind, identity.value) };
    case 'whatsapp-user':
      // Only an ingest that checked the provider's signature writes one, next to the number WhatsApp
      // itself bound it to: vouched for like a verified chat user, so the two join one contact.
      return { kind: 'whatsapp-user', value: identity.value, verified: true, matchKey: identityMatchKey('whatsapp-user', identity.value) };
    case 'chat-user':
      return { kind: 'chat-user', value: identity.value, verified: identity.verified, matchKey: identityMatchKey('chat-user', identity.value) };
  }
}

function toE164(kind: string, raw: string, defaultRegion: CountryCode | undefined): string {
  // WhatsApp ids are the number without "+"; accept both forms.
  const candidate = /^\d{8,15}$/.test(raw) && kind === 'whatsapp' ? `+${raw}` : raw;
  const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
  if (!parsed) throw new IdentityNormalizationError(kind, raw, 'not a phone number');
  if (!parsed.isPossible()) throw new IdentityNormalizationError(kind, raw, 'not a possible phone number');
  return parsed.number;
}

/**
 * The identities of one sender, normalized, without repeats. A sender's identities are only
 * trusted to belong together when the channel vouches for them (a verified in-app chat user, or
 * one identity alone); callers decide whether to merge on that.
 */
export function normalizeSender(identities: readonly ContactIdentity[], defaultRegion?: CountryCode): NormalizedIdentity[] {
  const byKey = new Map<string, NormalizedIdentity>();
  for (const identity of identities) {
    const normalized = normalizeIdentity(identity, defaultRegion);
    const known = byKey.get(`${normalized.kind}:${normalized.value}`);
    if (!known || (normalized.verified && !known.verified)) byKey.set(`${normalized.kind}:${normalized.value}`, normalized);
  }
  return [...byKey.values()];
}
