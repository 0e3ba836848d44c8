import { ContactIdentitySchema } from '@tributary/contracts';
import { parseAddressHeader, type EmailAddress, type HeaderLines } from 'mailparser';

/** Who to answer, in order: the author, the agent that sent it for them, the reply address, the bounce address. */
const SENDER_HEADERS = ['from', 'sender', 'reply-to', 'return-path'] as const;
export type SenderHeader = (typeof SENDER_HEADERS)[number];

export interface ResolvedSender {
  /** The contact identity: the address as written, lower-cased (the contract's rule for email identities). */
  readonly identity: string;
  /** The address exactly as the mail wrote it. */
  readonly asWritten: string;
  readonly displayName: string | undefined;
  /** Which header named it. */
  readonly header: SenderHeader;
}

export type SenderResolution = { readonly kind: 'resolved'; readonly sender: ResolvedSender; readonly skipped: readonly string[] } | { readonly kind: 'none'; readonly skipped: readonly string[] };

/**
 * The mail's sender: the first address in From, else Sender, else Reply-To, else Return-Path that
 * the contract's email identity can hold. Each header is read from its own line by the address
 * parser (nodemailer's addressparser, as mailparser uses it) with the A-label of an
 * internationalized domain left as written: mailparser's parsed header would turn
 * `xn--bcher-kva.example` into `bücher.example`. The address is kept as written (quoted local
 * part, trailing dot, U-label or A-label), lower-cased only; which forms name one mailbox is the
 * router's identity normalization to say. What the identity cannot hold (an address without a
 * domain, a domain literal) is skipped and said in `skipped`.
 */
export function resolveSender(headerLines: HeaderLines): SenderResolution {
  const skipped: string[] = [];
  for (const header of SENDER_HEADERS) {
    for (const address of addressesIn(headerLines, header)) {
      const asWritten = address.address?.trim() ?? '';
      if (asWritten === '' || asWritten === '<>') continue;
      const identity = asWritten.toLowerCase();
      if (!ContactIdentitySchema.safeParse({ kind: 'email', value: identity }).success) {
        skipped.push(`${header} ${asWritten.slice(0, 200)}`);
        continue;
      }
      const displayName = address.name?.trim() ? address.name.trim() : undefined;
      return { kind: 'resolved', sender: { identity, asWritten, displayName, header }, skipped };
    }
  }
  return { kind: 'none', skipped };
}

/**
 * Every mailbox of every `name:` line among the mail's top-level headers, groups flattened, in
 * order. A line holds the header's bytes one per character (as mailparser keeps them, raw 8-bit
 * legacy charsets already repaired to UTF-8), so it is unfolded and read as UTF-8 first, as
 * mailparser does for its own header values.
 */
function addressesIn(headerLines: HeaderLines, name: SenderHeader): EmailAddress[] {
  const values = headerLines
    .filter((line) => line.key === name)
    .map((line) => Buffer.from(line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, ''), 'binary').toString('utf8'));
  return values.length === 0 ? [] : parseAddressHeader(values, { flatten: true, decodePunycode: false }).value;
}
