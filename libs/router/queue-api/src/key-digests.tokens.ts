/**
 * Injection tokens of the configured key digests (digest → tenant, digest → operator), in a file of
 * their own because both guards need both and would otherwise import each other.
 */
export const API_KEY_DIGESTS = Symbol('API_KEY_DIGESTS');
export const OPERATOR_KEY_DIGESTS = Symbol('OPERATOR_KEY_DIGESTS');
