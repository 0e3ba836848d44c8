/** Something readiness depends on: a broker, a database, a mailbox connection. */
export interface HealthIndicator {
  readonly name: string;
  /** Resolves when healthy; rejects (with a short reason) when not. */
  check(): Promise<void>;
  /**
   * Null while this part can still recover by itself, else why only a restart helps (a Kafka
   * consumer that stopped for good). Liveness fails on it, so the orchestrator restarts the
   * process; a dependency being away is never a reason here, or an outage restarts every pod.
   * Answers from memory: liveness asks no dependency.
   */
  livenessProblem?(): string | null;
}

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
