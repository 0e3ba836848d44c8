import type { InboundMessageV1Input } from '@tributary/contracts';
import type { EmailQuarantineCode } from '../mime/email-quarantine.error';

/** Hands normalized messages to Kafka; resolves only once Kafka acknowledged all of them. */
export interface InboundPublisherPort {
  publish(messages: readonly InboundMessageV1Input[]): Promise<void>;
}

export interface QuarantinedEmail {
  readonly tenantId: string;
  readonly inbox: string;
  /** Where the mail came from, e.g. `imap:acme-support#812` or `smtp:10.0.0.7#<SMTP session id>`. */
  readonly source: string;
  /** The mail's Message-ID as written (without angle brackets), when it has one. */
  readonly messageId?: string;
  readonly code: EmailQuarantineCode;
  readonly reason: string;
  readonly storageUri: string;
  readonly sizeBytes: number;
}

/** Keeps mail that could not be normalized, with its reason, for an operator to look at. */
export interface QuarantineStorePort {
  record(entry: QuarantinedEmail): Promise<void>;
}

/** Remembers machine-sent mail by Message-ID so automatic replies to it are never sent. */
export interface AutoSubmittedRegistryPort {
  remember(entries: readonly { tenantId: string; messageId: string; reason: string }[]): Promise<void>;
  isAutoSubmitted(tenantId: string, messageId: string): Promise<boolean>;
}

/** Where a quarantined mail is reported: one line each (JsonLogger fits). */
export interface QuarantineLogPort {
  event(level: 'warn', context: string, message: string, fields: Readonly<Record<string, unknown>>): void;
}

/**
 * Test-only: a fault injected at the one moment a crash is hardest to survive, when Kafka has
 * acknowledged mail that the caller has not yet recorded (IMAP checkpoint, SMTP 250).
 */
export interface HandOffFaultPort {
  afterKafkaAck(): void;
}

export const INBOUND_PUBLISHER = Symbol('INBOUND_PUBLISHER');
export const QUARANTINE_STORE = Symbol('QUARANTINE_STORE');
export const AUTO_SUBMITTED_REGISTRY = Symbol('AUTO_SUBMITTED_REGISTRY');
