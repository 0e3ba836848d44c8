import type { AttachmentStream } from 'mailparser';
import { decodeLegacyBytes, isLegacyEncoded } from './legacy-charset.util';
import { structuredHeader } from './mail-headers.util';

/**
 * An attachment's file name as the sender meant it. A name written in raw 8-bit bytes of a legacy
 * charset (or ISO-2022-JP) without RFC 2047/2231 encoding reaches us byte for byte, one character
 * per byte, while the parser's decoded copy of the header shows U+FFFD: those bytes are decoded in
 * the part's own charset, else the mail's declared charsets, else the charset detected in `sample`
 * (the raw mail; see decodeLegacyBytes).
 */
export function attachmentFileName(part: AttachmentStream, declaredCharsets: () => readonly string[], sample?: Uint8Array): string | undefined {
  const name = part.filename;
  if (!name || !wasRawBytes(part, name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  if (!isLegacyEncoded(bytes)) return name;
  const own = structuredHeader(part.headers, 'content-type')?.params['charset'];
  return decodeLegacyBytes(bytes, [...(own ? [own] : []), ...declaredCharsets()], sample);
}

/** One character per byte, and the parser's header copy lost them (or they are ISO-2022-JP escapes). */
function wasRawBytes(part: AttachmentStream, name: string): boolean {
  if (!/^[\x00-\xff]*$/.test(name)) return false;
  if (name.includes('\x1b')) return true;
  const declared = [structuredHeader(part.headers, 'content-disposition')?.params['filename'], structuredHeader(part.headers, 'content-type')?.params['name']];
  return declared.some((value) => value?.includes('\ufffd') === true);
}

/** A file name that names no path and fits the contract; empty when there is none. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/\0]/g, '_').trim().slice(0, 512);
}
