/** One file found in uuencoded form (`begin <mode> <name>` … `end`). */
export interface UuencodedFile {
  readonly name: string;
  readonly bytes: Buffer;
}

const BEGIN = /^begin [0-7]{3,4} (\S.*?)[ \t]*$/;
const END = /^end[ \t]*$/;
/** A data line: its length character, then 4 characters per 3 bytes, all in the range ` `..`` ` ``. */
const DATA = /^[\x20-\x60]+$/;

/**
 * Splits uuencoded files (the classic `begin 644 name` blocks, as old mailers and `x-uuencode`
 * parts carry them) out of a text: the files decoded, the text without their blocks. A block that
 * is not complete and well-formed stays in the text as it was.
 */
export function extractUuencoded(text: string): { readonly text: string; readonly files: readonly UuencodedFile[] } {
  if (!text.includes('begin ')) return { text, files: [] };
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  const files: UuencodedFile[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const name = BEGIN.exec(line)?.[1];
    const block = name === undefined ? undefined : decodeBlock(lines, index + 1);
    if (name === undefined || block === undefined) {
      kept.push(line);
      index += 1;
      continue;
    }
    files.push({ name, bytes: block.bytes });
    index = block.next;
  }
  if (files.length === 0) return { text, files };
  return { text: kept.join('\n').replace(/\n{3,}/g, '\n\n').trim(), files };
}

/** The bytes of the data lines from `start` up to the `end` line, or undefined when they are not uuencode. */
function decodeBlock(lines: readonly string[], start: number): { bytes: Buffer; next: number } | undefined {
  const chunks: Buffer[] = [];
  for (let index = start; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (END.test(line)) return { bytes: Buffer.concat(chunks), next: index + 1 };
    if (line === '') continue;
    const decoded = decodeLine(line.trimEnd());
    if (decoded === undefined) return undefined;
    chunks.push(decoded);
  }
  return undefined;
}

function decodeLine(line: string): Buffer | undefined {
  if (!DATA.test(line)) return undefined;
  const length = sextet(line.charCodeAt(0));
  // Encoders pad the last group; some trim trailing spaces, which stand for zero bits.
  if (Math.ceil(length / 3) * 4 > line.length - 1 + 3) return undefined;
  const bytes = Buffer.alloc(length);
  for (let group = 0, at = 1; group * 3 < length; group += 1, at += 4) {
    const [a, b, c, d] = [0, 1, 2, 3].map((offset) => sextet(line.charCodeAt(at + offset)));
    const triple = [((a ?? 0) << 2) | ((b ?? 0) >> 4), (((b ?? 0) & 0x0f) << 4) | ((c ?? 0) >> 2), (((c ?? 0) & 0x03) << 6) | (d ?? 0)];
    for (let offset = 0; offset < 3 && group * 3 + offset < length; offset += 1) bytes[group * 3 + offset] = triple[offset] ?? 0;
  }
  return bytes;
}

/** A character's 6 bits: space and backtick both stand for zero; a missing (trimmed) character too. */
function sextet(code: number): number {
  return Number.isNaN(code) ? 0 : (code - 0x20) & 0x3f;
}
