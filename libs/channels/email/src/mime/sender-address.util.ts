import { ContactIdentitySchema } from '@tributary/contracts';
import type { Headers } from 'mailparser';
import { headerAddresses } from './mail-headers.util';

/** Who to answer, in order: the author, the agent that sent it for them, the reply address, the bounce address. */
const SENDER_HEADERS = ['from', 'sender', 'reply-to', 'return-path'] as const;
export type SenderHeader = (typeof SENDER_HEADERS)[number];

export interface ResolvedSender {
  /** The contact identity: the address lower-cased, in the one form the contract's email identity takes. */
  readonly identity: string;
  /** The address exactly as the mail wrote it (mailparser's address parser keeps quotes and dots). */
  readonly asWritten: string;
  readonly displayName: string | undefined;
  /** Which header named it. */
  readonly header: SenderHeader;
}

export type SenderResolution = { readonly kind: 'resolved'; readonly sender: ResolvedSender; readonly skipped: readonly string[] } | { readonly kind: 'none'; readonly skipped: readonly string[] };

/**
 * The mail's sender: the first address in From, else Sender, else Reply-To, else Return-Path that
 * the contract's email identity can hold. The address parser (mailparser's, nodemailer's
 * addressparser) already unquotes a quoted local part that needs no quotes; beyond that an address
 * is changed only where both forms name one mailbox: a trailing dot ends the domain's absolute name
 * (`example.com.`). What the identity cannot hold (a quoted local part with spaces) is skipped and
 * said in `skipped`.
 */
export function resolveSender(headers: Headers): SenderResolution {
  const skipped: string[] = [];
  for (const header of SENDER_HEADERS) {
    for (const address of headerAddresses(headers, header)) {
      const asWritten = address.address?.trim() ?? '';
      if (asWritten === '' || asWritten === '<>') continue;
      const identity = contactEmail(asWritten);
      if (identity === undefined) {
        skipped.push(`${header} ${asWritten.slice(0, 200)}`);
        continue;
      }
      const displayName = address.name?.trim() ? address.name.trim() : undefined;
      return { kind: 'resolved', sender: { identity, asWritten, displayName, header }, skipped };
    }
  }
  return { kind: 'none', skipped };
}

function contactEmail(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0) return undefined;
  const candidate = `${address.slice(0, at)}@${address.slice(at + 1).replace(/\.$/, '')}`.toLowerCase();
  const checked = ContactIdentitySchema.safeParse({ kind: 'email', value: candidate });
  return checked.success ? candidate : undefined;
}
