/** The types an upload may be declared as, each with a check of its first bytes. */
const SIGNATURES: Readonly<Record<string, (head: Buffer) => boolean>> = {
  'image/png': (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (head) => startsWith(head, [0xff, 0xd8, 0xff]),
  'image/gif': (head) => head.subarray(0, 6).toString('latin1') === 'GIF87a' || head.subarray(0, 6).toString('latin1') === 'GIF89a',
  'image/webp': (head) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (head) => head.subarray(0, 5).toString('latin1') === '%PDF-',
  // Text has no signature: valid UTF-8 without NUL bytes is what a text viewer shows safely.
  'text/plain': (head) => !head.includes(0) && isUtf8(head),
};

/** Types chat-ingest can verify; CHAT_UPLOAD_TYPES may list only these. */
export const VERIFIABLE_UPLOAD_TYPES: readonly string[] = Object.keys(SIGNATURES);

/**
 * Whether `content` looks like the declared type (trust, but verify): no sniffing library is in
 * the workspace, and an allow-list of types with known signatures needs none. A PNG declared as a
 * PDF, or an executable declared as an image, is refused.
 */
export function matchesDeclaredType(contentType: string, content: Buffer): boolean {
  const check = SIGNATURES[contentType];
  return check !== undefined && content.length > 0 && check(contentType === 'text/plain' ? content : content.subarray(0, 16));
}

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return bytes.every((byte, index) => head[index] === byte);
}

function isUtf8(content: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}
