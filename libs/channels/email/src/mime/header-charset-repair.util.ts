import { declaredCharsets } from './declared-charsets.util';
import { decodeLegacyBytes, isLegacyEncoded } from './legacy-charset.util';
import { rootHeaderBlockEnd } from './raw-header-block.util';

/**
 * The mail with its top-level header lines that are written in raw 8-bit bytes of a legacy charset
 * (or in ISO-2022-JP, without RFC 2047 encoding) rewritten as UTF-8, which the MIME parser reads as
 * such: subjects, display names and the rest then decode instead of turning into U+FFFD. The mail's
 * declared charsets say which legacy charset, else a detector reading the whole mail (see decodeLegacyBytes). Anything else is unchanged,
 * and a mail that needs nothing comes back as the same buffer.
 */
export function repairRootHeaders(raw: Buffer): Buffer {
  const end = rootHeaderBlockEnd(raw);
  const block = raw.subarray(0, end);
  if (!isLegacyEncoded(block)) return raw;
  let charsets: string[] | undefined;
  const lines: Buffer[] = [];
  let start = 0;
  while (start < block.length) {
    const newline = block.indexOf(0x0a, start);
    const stop = newline < 0 ? block.length : newline + 1;
    const line = block.subarray(start, stop);
    if (isLegacyEncoded(line)) {
      charsets ??= declaredCharsets(raw);
      lines.push(Buffer.from(decodeLegacyBytes(line, charsets, raw), 'utf8'));
    } else {
      lines.push(line);
    }
    start = stop;
  }
  return Buffer.concat([...lines, raw.subarray(end)]);
}
