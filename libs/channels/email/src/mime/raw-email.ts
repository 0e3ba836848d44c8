import type { InboundMessageV1Input } from '@tributary/contracts';
import type { EmailQuarantineCode } from './email-quarantine.error';

/** One mail as an intake received it, before normalization. */
export interface RawEmail {
  readonly raw: Buffer;
  readonly tenantId: string;
  /** The configured inbox that received it (a mail may name several of ours in To/Cc). */
  readonly inbox: { readonly address: string; readonly displayName?: string };
  readonly provider: 'imap' | 'smtp';
  readonly receivedAt: Date;
  readonly extras?: Readonly<Record<string, string | number | boolean>>;
}

export type NormalizedEmail =
  | { readonly kind: 'message'; readonly message: InboundMessageV1Input }
  | { readonly kind: 'quarantined'; readonly code: EmailQuarantineCode; readonly reason: string };
