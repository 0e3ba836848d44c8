import type { AttachmentStream } from 'mailparser';
import { EmailQuarantineCode, EmailQuarantineError } from '../email-quarantine.error';

const TNEF_TYPES: ReadonlySet<string> = new Set(['application/ms-tnef', 'application/vnd.ms-tnef']);

/** Outlook labels TNEF by type, but some gateways relabel it application/octet-stream and keep the name. */
export function isWinmailPart(part: Pick<AttachmentStream, 'contentType' | 'filename'>): boolean {
  return TNEF_TYPES.has(part.contentType.toLowerCase()) || /^win(mail)?\.dat$/i.test(part.filename?.trim() ?? '');
}

/** A part decoded whole (a TNEF stream, uuencoded files) is gathered, never more than a mail may have. */
export async function readPart(part: Pick<AttachmentStream, 'content'>, maxBytes: number, what = 'winmail.dat'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.content as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new EmailQuarantineError(EmailQuarantineCode.TooLarge, `${what} is over the limit of ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
