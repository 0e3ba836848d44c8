import type { QuarantinedEmail } from '../intake/email-intake.ports';

/** One quarantine row as an operator sees it: which mail, why, where its raw bytes are, what was done with it. */
export interface QuarantinedMail extends Omit<QuarantinedEmail, 'messageId' | 'code'> {
  /** The row's id, what `show` and `redrive` take. */
  readonly id: string;
  readonly messageId: string | null;
  /** A code of EmailQuarantineCode, or one a newer release wrote. */
  readonly code: string;
  readonly quarantinedAt: Date;
  readonly redrivenAt: Date | null;
  readonly redriveCount: number;
  /** `published`, or `quarantined again: <code>: <reason>`. */
  readonly redriveOutcome: string | null;
}

/** Which quarantined mails an operator means; every field optional, all given must hold. */
export interface QuarantineFilter {
  /** Quarantined at or after. */
  readonly since?: Date;
  /** Part of the code or the reason, ignoring case. */
  readonly reason?: string;
}
