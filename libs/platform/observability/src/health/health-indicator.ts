/** Something readiness depends on: a broker, a database, a mailbox connection. */
export interface HealthIndicator {
  readonly name: string;
  /** Resolves when healthy; rejects (with a short reason) when not. */
  check(): Promise<void>;
}

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
