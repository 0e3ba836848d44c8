import type { AttachmentRef } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import type { AttachmentBudget } from '../attachment-budget';
import { decompressRtf } from './compressed-rtf.util';
import { contentTypeFor } from './content-type-by-extension.util';
import type { DecodedTnef } from './decoded-tnef';
import { decodeTnef } from './tnef-decoder.util';
import { DEFAULT_TNEF_LIMITS } from './tnef-limits';

/**
 * A winmail.dat's body, for a mail whose own body is empty: text and/or HTML, or else only the
 * compressed RTF with the winmail.dat it came from (kept whole if the RTF turns out unreadable).
 */
export type WinmailBody =
  | { readonly kind: 'text'; readonly text: string | undefined; readonly html: string | undefined }
  | { readonly kind: 'rtf'; readonly compressed: Buffer; readonly source: WinmailPart; readonly sourceKept: boolean };

export interface StoredWinmail {
  readonly attachments: readonly AttachmentRef[];
  readonly body: WinmailBody | undefined;
  /** Why the winmail.dat itself was kept (or how its body was handed on), if it was. */
  readonly warning: string | undefined;
}

export interface WinmailPart {
  readonly bytes: Buffer;
  readonly name: string;
  readonly contentType: string;
}

/**
 * Stores the files inside a winmail.dat as the mail's own attachments. Whatever cannot be read
 * (a damaged stream, an embedded message) keeps the winmail.dat itself as an attachment too, with
 * the reason, so nothing the customer sent is lost. Each blob is counted in `budget` before it is
 * stored. Storage failures are thrown as they are: the caller retries those.
 */
export async function storeWinmail(part: WinmailPart, blobStore: BlobStore, maxBytes: number, budget: AttachmentBudget): Promise<StoredWinmail> {
  let decoded: DecodedTnef;
  try {
    decoded = decodeTnef(part.bytes);
  } catch (error) {
    // Decoding is pure and bounded; anything it throws is about the bytes, so keep them whole.
    const reason = error instanceof Error ? error.message : String(error);
    budget.reserve(1);
    return { attachments: [await storeWhole(part, blobStore, maxBytes)], body: undefined, warning: `${part.name} kept undecoded: ${reason}` };
  }
  const keptWhole = decoded.skipped.length > 0;
  budget.reserve(decoded.attachments.length + (keptWhole ? 1 : 0));
  const attachments: AttachmentRef[] = [];
  for (const [index, file] of decoded.attachments.entries()) {
    const name = safeName(file.name) ?? `attachment-${index + 1}.bin`;
    const stored = await storeBytes(file.data, name, contentTypeFor(name, file.mimeType), blobStore, maxBytes);
    attachments.push(file.contentId ? { ...stored, contentId: file.contentId.slice(0, 998) } : stored);
  }
  if (keptWhole) attachments.push(await storeWhole(part, blobStore, maxBytes));
  return { attachments, body: winmailBody(decoded, part, keptWhole), warning: keptWhole ? `${part.name} kept as well: ${decoded.skipped.join('; ')}` : undefined };
}

/**
 * Hands on an RTF-only body: expanded and attached as message.rtf, or, if it cannot be expanded,
 * the winmail.dat itself with the reason. The RTF is capped at the mail's own size limit as well,
 * because the blob store refuses anything larger with an error that would otherwise be retried.
 */
export async function storeRtfBody(
  body: Extract<WinmailBody, { kind: 'rtf' }>,
  blobStore: BlobStore,
  maxBytes: number,
  budget: AttachmentBudget,
): Promise<{ readonly attachment: AttachmentRef | undefined; readonly warning: string }> {
  let rtf: Buffer;
  try {
    rtf = decompressRtf(body.compressed, Math.min(DEFAULT_TNEF_LIMITS.maxRtfBytes, maxBytes));
  } catch (error) {
    const reason = `its RTF body is unreadable: ${error instanceof Error ? error.message : String(error)}`;
    if (body.sourceKept) return { attachment: undefined, warning: `${body.source.name}: ${reason}` };
    budget.reserve(1);
    return { attachment: await storeWhole(body.source, blobStore, maxBytes), warning: `${body.source.name} kept as well: ${reason}` };
  }
  budget.reserve(1);
  return { attachment: await storeBytes(rtf, 'message.rtf', 'application/rtf', blobStore, maxBytes), warning: 'the winmail.dat body is RTF only: attached as message.rtf' };
}

export async function storeBytes(bytes: Buffer, name: string, contentType: string, blobStore: BlobStore, maxBytes: number): Promise<AttachmentRef> {
  const stored = await blobStore.put(bytes, { maxBytes });
  return { name, contentType: contentType.slice(0, 255), sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageUri: stored.storageUri };
}

function storeWhole(part: WinmailPart, blobStore: BlobStore, maxBytes: number): Promise<AttachmentRef> {
  return storeBytes(part.bytes, part.name, part.contentType, blobStore, maxBytes);
}

/** Text or HTML wins; the RTF (and the winmail.dat it points into) is held only when it is all there is. */
function winmailBody(decoded: DecodedTnef, part: WinmailPart, keptWhole: boolean): WinmailBody | undefined {
  if (decoded.text?.trim() || decoded.html?.trim()) return { kind: 'text', text: decoded.text, html: decoded.html };
  if (decoded.rtfCompressed !== undefined) return { kind: 'rtf', compressed: decoded.rtfCompressed, source: part, sourceKept: keptWhole };
  return undefined;
}

function safeName(name: string | undefined): string | undefined {
  const cleaned = name?.replace(/[\\/\0]/g, '_').trim();
  return cleaned ? cleaned.slice(0, 512) : undefined;
}
