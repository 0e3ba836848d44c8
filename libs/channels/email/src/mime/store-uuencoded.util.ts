import type { AttachmentRef } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import type { AttachmentBudget } from './attachment-budget';
import { safeFileName } from './attachment-filename.util';
import { contentTypeFor } from './tnef/content-type-by-extension.util';
import type { UuencodedFile } from './uuencode.util';

/** Transfer encodings that name uuencode (RFC 1341's drafts and the mailers that followed them). */
const UUENCODE_TRANSFER_ENCODINGS: ReadonlySet<string> = new Set(['x-uuencode', 'uuencode', 'x-uue', 'uue']);

export function isUuencodeTransferEncoding(value: unknown): boolean {
  return typeof value === 'string' && UUENCODE_TRANSFER_ENCODINGS.has(value.trim().toLowerCase());
}

/** Each uuencoded file into the blob store as one of the mail's attachments, counted against its budget. */
export async function storeUuencodedFiles(files: readonly UuencodedFile[], blobStore: BlobStore, maxBytes: number, budget: AttachmentBudget): Promise<AttachmentRef[]> {
  const stored: AttachmentRef[] = [];
  for (const file of files) {
    budget.reserve(1);
    const blob = await blobStore.put(file.bytes, { maxBytes });
    const name = safeFileName(file.name) || `uuencoded-${stored.length + 1}.bin`;
    stored.push({ name, contentType: contentTypeFor(name), sizeBytes: blob.sizeBytes, sha256: blob.sha256, storageUri: blob.storageUri });
  }
  return stored;
}
