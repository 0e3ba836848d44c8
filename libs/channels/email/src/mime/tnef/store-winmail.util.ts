import type { AttachmentRef } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import { contentTypeFor } from './content-type-by-extension.util';
import type { DecodedTnef } from './decoded-tnef';
import { decodeTnef } from './tnef-decoder.util';

/** A winmail.dat's body forms, for a mail whose own body is empty. */
export interface WinmailBody {
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly rtf: Buffer | undefined;
}

export interface StoredWinmail {
  readonly attachments: readonly AttachmentRef[];
  readonly body: WinmailBody | undefined;
  /** Why the winmail.dat itself was kept, if it was. */
  readonly warning: string | undefined;
}

export interface WinmailPart {
  readonly bytes: Buffer;
  readonly name: string;
  readonly contentType: string;
}

/**
 * Stores the files inside a winmail.dat as the mail's own attachments. Whatever cannot be read
 * (a damaged stream, an embedded message, an RTF body that fails its CRC) keeps the winmail.dat
 * itself as an attachment too, with the reason, so nothing the customer sent is lost. Storage
 * failures are thrown as they are: the caller retries those.
 */
export async function storeWinmail(part: WinmailPart, blobStore: BlobStore, maxBytes: number): Promise<StoredWinmail> {
  let decoded: DecodedTnef;
  try {
    decoded = decodeTnef(part.bytes);
  } catch (error) {
    // Decoding is pure and bounded; anything it throws is about the bytes, so keep them whole.
    const reason = error instanceof Error ? error.message : String(error);
    return { attachments: [await storeBytes(part.bytes, part.name, part.contentType, blobStore, maxBytes)], body: undefined, warning: `${part.name} kept undecoded: ${reason}` };
  }
  const attachments: AttachmentRef[] = [];
  for (const [index, file] of decoded.attachments.entries()) {
    const name = safeName(file.name) ?? `attachment-${index + 1}.bin`;
    const stored = await storeBytes(file.data, name, contentTypeFor(name, file.mimeType), blobStore, maxBytes);
    attachments.push(file.contentId ? { ...stored, contentId: file.contentId.slice(0, 998) } : stored);
  }
  let warning: string | undefined;
  if (decoded.skipped.length > 0) {
    attachments.push(await storeBytes(part.bytes, part.name, part.contentType, blobStore, maxBytes));
    warning = `${part.name} kept as well: ${decoded.skipped.join('; ')}`;
  }
  const hasBody = decoded.text !== undefined || decoded.html !== undefined || decoded.rtf !== undefined;
  return { attachments, body: hasBody ? { text: decoded.text, html: decoded.html, rtf: decoded.rtf } : undefined, warning };
}

export async function storeBytes(bytes: Buffer, name: string, contentType: string, blobStore: BlobStore, maxBytes: number): Promise<AttachmentRef> {
  const stored = await blobStore.put(bytes, { maxBytes });
  return { name, contentType: contentType.slice(0, 255), sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageUri: stored.storageUri };
}

function safeName(name: string | undefined): string | undefined {
  const cleaned = name?.replace(/[\\/\0]/g, '_').trim();
  return cleaned ? cleaned.slice(0, 512) : undefined;
}
