import type { AttachmentError } from '@tributary/contracts';
import { MediaFetchError } from './media-fetch.error';

const MAX_MESSAGE = 2048;

/** An AttachmentError whose message fits the contracts' limit. */
export function attachmentError(code: string, message: string): AttachmentError {
  return { code, message: message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…` };
}

/**
 * The reason a consumer reads for a failed fetch: the MediaFetchError's code and message (which
 * names the host, never the URL, as some carry secrets); anything else is a bug here, said so.
 */
export function attachmentErrorOf(error: unknown): AttachmentError {
  if (error instanceof MediaFetchError) return attachmentError(error.code, error.message);
  return attachmentError('INTERNAL', error instanceof Error ? error.message : String(error));
}
