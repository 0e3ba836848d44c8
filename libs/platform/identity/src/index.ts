export { IdentityNormalizationError, normalizeIdentity, normalizeSender } from './identity-normalizer';
export type { NormalizedIdentity } from './identity-normalizer';
export { identitiesSharingMatchKey, identityMatchKey, kindsSharingMatchKey } from './match-key';
