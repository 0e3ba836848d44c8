/** Deadlock or serialization failure: PostgreSQL rolled the transaction back, and a retry can pass. */
const ROLLED_BACK_SQLSTATE_CLASS = '40';

/**
 * Runs a whole transaction again when PostgreSQL rolled it back to break a deadlock or a
 * serialization conflict: that says nothing about the request, so the caller should not see a 500.
 * Any other error, or the last attempt's, is thrown as it is.
 */
export async function retryRolledBack<T>(transaction: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !wasRolledBack(error)) throw error;
    }
  }
}

function wasRolledBack(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith(ROLLED_BACK_SQLSTATE_CLASS);
}
