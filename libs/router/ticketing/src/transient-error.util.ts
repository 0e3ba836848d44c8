// SQLSTATE classes that say "try again later", not "this message is bad": transaction rollback
// (deadlock, serialization), connection trouble, insufficient resources, operator intervention.
const TRANSIENT_SQLSTATE_CLASSES = new Set(['40', '08', '53', '57']);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** True when retrying the whole batch later can succeed; false when the message itself is at fault. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return false;
  return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) || TRANSIENT_NETWORK_CODES.has(code) || isStalePreparedPlan(error);
}

/**
 * A migration changed a table under a prepared statement (a rolling deploy): PostgreSQL refuses the
 * statement on that connection from then on. Not the message's fault; the executor stops preparing
 * statements and the retried batch succeeds.
 */
export function isStalePreparedPlan(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
