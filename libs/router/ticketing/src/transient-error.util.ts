// SQLSTATE classes that say "try again later", not "this message is bad": transaction rollback
// (deadlock, serialization), connection trouble, insufficient resources, operator intervention.
const TRANSIENT_SQLSTATE_CLASSES = new Set(['40', '08', '53', '57']);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** True when retrying the whole batch later can succeed; false when the message itself is at fault. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return false;
  return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) || TRANSIENT_NETWORK_CODES.has(code);
}
