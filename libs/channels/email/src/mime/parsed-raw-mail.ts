import type { AttachmentRef } from '@tributary/contracts';
import type { HeaderLines, Headers } from 'mailparser';

/** A mail as MIME parsing leaves it: headers, decoded bodies, attachments already in the blob store. */
export interface ParsedRawMail {
  readonly headers: Headers;
  readonly headerLines: HeaderLines;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly attachments: readonly AttachmentRef[];
  /** What was kept undecoded or only as a file (a damaged winmail.dat, an RTF-only body), and why. */
  readonly warnings: readonly string[];
}
