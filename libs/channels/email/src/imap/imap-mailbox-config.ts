/** One IMAP mailbox Tributary reads, and the tenant inbox it feeds. */
export interface ImapMailboxConfig {
  /** Unique and stable: names the checkpoint and the lease. */
  readonly key: string;
  readonly tenantId: string;
  readonly inbox: { readonly address: string; readonly displayName?: string };
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
  readonly folder: string;
  /** Where handed-off mail is moved; left in place when unset. */
  readonly processedFolder?: string;
}

export interface ImapPollerTimings {
  /** A full UID sweep at least this often, whatever IDLE says. */
  readonly sweepIntervalMs: number;
  /** Longest one sweep may take before the connection is considered dead. */
  readonly watchdogMs: number;
  /** Mails fetched and handed to Kafka per batch. */
  readonly batchSize: number;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  /** How often a replica without the lease asks for it again. */
  readonly leaseRetryMs: number;
}

export const DEFAULT_IMAP_TIMINGS: ImapPollerTimings = {
  sweepIntervalMs: 60_000,
  watchdogMs: 120_000,
  batchSize: 25,
  reconnectInitialMs: 1_000,
  reconnectMaxMs: 60_000,
  leaseRetryMs: 15_000,
};
