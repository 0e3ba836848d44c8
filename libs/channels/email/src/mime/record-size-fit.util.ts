import type { AttachmentRef, InboundMessageV1Input } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';

/** The contract's limits (libs/contracts common.schema), repeated to cut before validation. */
export const MAX_TEXT = 256 * 1024;
export const MAX_HTML = 512 * 1024;
/** InboundMessage v1 carries at most 100 attachments. */
const MAX_ATTACHMENTS = 100;

export const FULL_TEXT_NAME = 'message-body.txt';
export const FULL_HTML_NAME = 'message-body.html';

/** The whole body before anything was cut: what goes to the blob store when the record cannot carry it. */
export interface FullBody {
  readonly text: string;
  readonly html: string | undefined;
}

/**
 * The message as a record Kafka takes: a text or HTML over the contract's limits, or a record over
 * `maxRecordBytes` (as JSON), has its body moved to the blob store, referenced as the attachments
 * message-body.txt / message-body.html (named in extras), and keeps as much text inline as fits.
 * A record that still does not fit is quarantined with the reason, never left for Kafka to refuse.
 */
export async function fitRecordSize(message: InboundMessageV1Input, body: FullBody, blobStore: BlobStore, maxRecordBytes: number): Promise<InboundMessageV1Input> {
  let fitted = message;
  const htmlTooLong = body.html !== undefined && body.html.length > MAX_HTML;
  const textTooLong = message.text.length > MAX_TEXT || (message.quotedText?.length ?? 0) > MAX_TEXT;
  if (htmlTooLong || (body.html !== undefined && recordBytes(fitted) > maxRecordBytes)) fitted = await moveHtml(fitted, body.html ?? '', blobStore);
  if (textTooLong || recordBytes(fitted) > maxRecordBytes) fitted = cutText(await moveText(fitted, body.text, blobStore), maxRecordBytes);
  const size = recordBytes(fitted);
  if (size > maxRecordBytes) {
    throw new EmailQuarantineError(EmailQuarantineCode.TooLarge, `the record is ${size} bytes with its body in the blob store, over the limit of ${maxRecordBytes} bytes for one Kafka record`);
  }
  return fitted;
}

export function recordBytes(message: InboundMessageV1Input): number {
  return Buffer.byteLength(JSON.stringify(message));
}

async function moveHtml(message: InboundMessageV1Input, html: string, blobStore: BlobStore): Promise<InboundMessageV1Input> {
  const { html: _inline, ...rest } = message;
  const attachment = await storeBody(html, FULL_HTML_NAME, 'text/html; charset=utf-8', message, blobStore);
  return { ...rest, attachments: [...(message.attachments ?? []), attachment], extras: { ...message.extras, fullHtmlAttachment: FULL_HTML_NAME } };
}

async function moveText(message: InboundMessageV1Input, text: string, blobStore: BlobStore): Promise<InboundMessageV1Input> {
  const { quotedText: _quoted, ...rest } = message;
  const attachment = await storeBody(text, FULL_TEXT_NAME, 'text/plain; charset=utf-8', message, blobStore);
  return { ...rest, attachments: [...(message.attachments ?? []), attachment], extras: { ...message.extras, fullTextAttachment: FULL_TEXT_NAME } };
}

async function storeBody(content: string, name: string, contentType: string, message: InboundMessageV1Input, blobStore: BlobStore): Promise<AttachmentRef> {
  if ((message.attachments?.length ?? 0) >= MAX_ATTACHMENTS) {
    throw new EmailQuarantineError(EmailQuarantineCode.TooLarge, `the body is over the record's limits and the mail already has ${MAX_ATTACHMENTS} attachments: no room to attach it`);
  }
  const stored = await blobStore.put(Buffer.from(content, 'utf8'));
  return { name, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageUri: stored.storageUri };
}

/** The longest start of the text (at most the contract's limit) with which the record fits. */
function cutText(message: InboundMessageV1Input, maxRecordBytes: number): InboundMessageV1Input {
  const full = message.text;
  if (full.length <= MAX_TEXT && recordBytes(message) <= maxRecordBytes) return message;
  const truncated: InboundMessageV1Input = { ...message, extras: { ...message.extras, textTruncated: true } };
  const withText = (length: number): InboundMessageV1Input => ({ ...truncated, text: full.slice(0, length) });
  let low = 0;
  let high = Math.min(full.length, MAX_TEXT);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (recordBytes(withText(middle)) <= maxRecordBytes) low = middle;
    else high = middle - 1;
  }
  return withText(low);
}
