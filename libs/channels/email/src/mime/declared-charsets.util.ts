/** A mail names a handful of charsets; a few dozen matches are plenty to find them. */
const MAX_MATCHES = 64;

const CHARSET_PARAMETER = /\bcharset\s*=\s*["']?([A-Za-z0-9_.:+-]{1,40})/gi;

/**
 * The charsets a mail declares anywhere (each part's Content-Type, an HTML meta tag), in the order
 * they appear, each once and lower-cased: what its undeclared 8-bit header bytes were most likely
 * written in, since a mail program writes its headers in the charset it writes its body in.
 */
export function declaredCharsets(raw: Buffer): string[] {
  const found = new Set<string>();
  let matches = 0;
  for (const match of raw.toString('latin1').matchAll(CHARSET_PARAMETER)) {
    const charset = match[1]?.toLowerCase();
    if (charset) found.add(charset);
    matches += 1;
    if (matches >= MAX_MATCHES) break;
  }
  return [...found];
}
