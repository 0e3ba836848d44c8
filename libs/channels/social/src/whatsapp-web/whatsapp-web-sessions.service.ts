import type { WhatsappWebNumber } from './whatsapp-web-config.schema';
import { whatsappWebSessionProblem, type WhatsappWebSessionState } from './whatsapp-web-session-state';
import { WhatsappWebSession, type WhatsappWebSessionDependencies, type WhatsappWebSessionTimings } from './whatsapp-web.session';

/** One number's session as the operator endpoint shows it (the QR included while one is needed). */
export interface WhatsappWebSessionView {
  readonly number: string;
  readonly tenantId: string;
  readonly state: WhatsappWebSessionState;
}

/**
 * Every configured number's session on this replica. Each replica runs them all; the account lease
 * decides which replica actually drives each number, so numbers spread over replicas as they start
 * and move to a survivor when one dies.
 */
export class WhatsappWebSessionsService {
  private readonly sessions = new Map<string, WhatsappWebSession>();

  constructor(numbers: Readonly<Record<string, WhatsappWebNumber>>, timings: WhatsappWebSessionTimings, deps: WhatsappWebSessionDependencies) {
    for (const [number, { tenantId }] of Object.entries(numbers)) {
      this.sessions.set(number, new WhatsappWebSession(number, tenantId, timings, deps));
    }
  }

  start(): void {
    for (const session of this.sessions.values()) session.start();
  }

  /** Destroys every Client and releases every lease, so another replica takes the numbers at once. */
  async stop(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.stop()));
  }

  /** The session of a configured number (whether or not this replica holds it). */
  session(number: string): WhatsappWebSession | undefined {
    return this.sessions.get(number);
  }

  /** For the operator endpoint: every number's state on this replica. */
  views(): WhatsappWebSessionView[] {
    return [...this.sessions.values()].map((session) => ({ number: session.number, tenantId: session.tenantId, state: session.state }));
  }

  /**
   * Why sessions this replica holds carry no messages (not linked, disconnected, failed), one line
   * each, for a readiness reason; empty when all it holds are ready. Numbers held elsewhere are not
   * this replica's problem.
   */
  problems(): string[] {
    return [...this.sessions.values()].flatMap((session) => {
      const problem = whatsappWebSessionProblem(session.number, session.state);
      return problem === undefined ? [] : [problem];
    });
  }
}
