import { detectLegacyCharset } from './charset-detector.util';

/** Escape sequences that switch ISO-2022-JP into JIS X 0208 / 0212: 7-bit bytes that are not ASCII text. */
const ISO_2022_JP_ESCAPE = /\x1b\$[@B]|\x1b\$\(D/;

/** Labels that say nothing about 8-bit bytes: UTF-8 is tried first anyway, and ASCII has none. */
const UNINFORMATIVE = /^(?:us-?ascii|ascii|utf-?8|utf8|ansi_x3\.4-1968|7bit|8bit|binary)$/i;

/** What legacy mail without a declared charset was most often written in (WHATWG's default for unlabelled bytes). */
const LAST_RESORT = 'windows-1252';

/**
 * Text from bytes written in an undeclared legacy charset (a raw 8-bit header, a file name): as
 * ISO-2022-JP when its escape sequences are there, as UTF-8 when the bytes are valid UTF-8, else in
 * the first of the mail's declared charsets that decodes them without an error, else in the
 * charset chardet detects in `sample` (the mail's raw bytes: GB18030, Shift_JIS, EUC-KR, Big5,
 * KOI8-R…) when it is confident and that charset decodes them without an error or U+FFFD, else
 * windows-1252. Decoding is WHATWG's (TextDecoder), which knows GBK/GB18030, Shift_JIS, EUC-*,
 * Big5, KOI8 and the windows- and ISO-8859 pages under their usual labels.
 */
export function decodeLegacyBytes(bytes: Uint8Array, declaredCharsets: readonly string[], sample: Uint8Array = bytes): string {
  const latin1 = Buffer.from(bytes).toString('latin1');
  if (ISO_2022_JP_ESCAPE.test(latin1)) {
    const japanese = strictDecode(bytes, 'iso-2022-jp');
    if (japanese !== undefined) return japanese;
  }
  const candidates = ['utf-8', ...declaredCharsets.filter((charset) => !UNINFORMATIVE.test(charset))];
  for (const charset of candidates) {
    const text = strictDecode(bytes, charset);
    if (text !== undefined) return text;
  }
  const detected = detectLegacyCharset(sample, (charset) => strictDecode(bytes, charset)?.includes('\ufffd') === false);
  const text = detected === undefined ? undefined : strictDecode(bytes, detected);
  if (text !== undefined) return text;
  return strictDecode(bytes, LAST_RESORT) ?? Buffer.from(bytes).toString('latin1');
}

/** True when the bytes need decodeLegacyBytes: 8-bit bytes that are not UTF-8, or ISO-2022-JP escapes. */
export function isLegacyEncoded(bytes: Uint8Array): boolean {
  const latin1 = Buffer.from(bytes).toString('latin1');
  if (ISO_2022_JP_ESCAPE.test(latin1)) return true;
  return /[\x80-\xff]/.test(latin1) && strictDecode(bytes, 'utf-8') === undefined;
}

function strictDecode(bytes: Uint8Array, charset: string): string | undefined {
  try {
    const decoder = new TextDecoder(charset.trim().toLowerCase(), { fatal: true });
    const text = decoder.decode(bytes);
    return decoder.encoding === 'windows-1252' ? withWindows1252C1(text) : text;
  } catch {
    // An unknown label (RangeError) or bytes invalid in this charset (TypeError): not this one.
    return undefined;
  }
}

/** Bytes 0x80-0x9F in windows-1252, per WHATWG's index (five are unassigned and stay C1 controls). */
const WINDOWS_1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * Node 20's TextDecoder decodes every windows-1252 label (ascii, latin1 and iso-8859-1 included)
 * as ISO-8859-1, leaving the C1 controls where windows-1252 has “smart quotes”, dashes and €.
 */
function withWindows1252C1(text: string): string {
  return text.replace(/[\x80-\x9f]/g, (control) => WINDOWS_1252_C1[control.charCodeAt(0) - 0x80] ?? control);
}
