import type { ContactIdentityKind } from '@tributary/contracts';

/** Sample customers for a generated spec, valid for the identity kind (E.164 for phones, digits for ids). */
const SAMPLES: Readonly<Record<ContactIdentityKind, { readonly customer: string; readonly unreachable: string }>> = {
  email: { customer: 'customer@example.com', unreachable: 'gone@example.com' },
  phone: { customer: '+4915112345678', unreachable: '+4915112345679' },
  whatsapp: { customer: '+4915112345678', unreachable: '+4915112345679' },
  'whatsapp-user': { customer: 'US.13491208655302741918', unreachable: 'US.13491208655302741919' },
  telegram: { customer: '4242424242', unreachable: '4343434343' },
  messenger: { customer: '4242424242', unreachable: '4343434343' },
  instagram: { customer: '4242424242', unreachable: '4343434343' },
  'chat-user': { customer: 'user-4242', unreachable: 'user-4343' },
};

/** Code building a contact identity of `kind` from the TypeScript expression `value`. */
function identityCode(kind: ContactIdentityKind, value: string): string {
  switch (kind) {
    case 'email':
      return `{ kind: 'email', value: ${value}.trim().toLowerCase() }`;
    case 'chat-user':
      // The webhook's signature vouches for the provider, not for the user: never a verified identity.
      return `{ kind: 'chat-user', value: ${value}, verified: false }`;
    case 'phone':
    case 'whatsapp':
    case 'whatsapp-user':
    case 'telegram':
    case 'messenger':
    case 'instagram':
      return `{ kind: '${kind}', value: ${value} }`;
  }
}

/** The identity code and sample values the templates share, so normalizer, sender and spec agree. */
export const identity = {
  code: identityCode,
  samples: (kind: ContactIdentityKind) => SAMPLES[kind],
  /** An identity literal an agent's reply may be addressed to (a chat user the app vouched for). */
  literal: (kind: ContactIdentityKind, value: string): string => `{ kind: '${kind}', value: '${value}'${kind === 'chat-user' ? ', verified: true' : ''} }`,
  /** An identity of another kind, which a sender must refuse without calling the provider. */
  otherKindCode: (kind: ContactIdentityKind): string => (kind === 'email' ? `{ kind: 'phone', value: '+4915112345670' }` : `{ kind: 'email', value: 'someone@example.com' }`),
};
