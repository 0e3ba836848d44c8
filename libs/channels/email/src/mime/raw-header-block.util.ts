/**
 * Where the top-level header block ends: the offset of the empty line after it (CRLF or LF line
 * endings), or the whole mail when it has no body.
 */
export function rootHeaderBlockEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return raw.length;
  if (crlf < 0) return lf + 1;
  if (lf < 0) return crlf + 2;
  return Math.min(crlf + 2, lf + 1);
}

/**
 * The first top-level header of that name, unfolded and trimmed, read straight from the bytes: for
 * the mail that could not be parsed at all, whose Message-ID still says which mail it was.
 */
export function rawHeaderValue(raw: Buffer, name: string): string | undefined {
  const block = raw.subarray(0, rootHeaderBlockEnd(raw)).toString('latin1');
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*:([^\\n]*(?:\\r?\\n[ \\t][^\\n]*)*)`, 'im');
  const value = pattern.exec(block)?.[1];
  return value === undefined ? undefined : value.replace(/\r?\n[ \t]/g, ' ').trim();
}
