import { TnefFormatError } from './tnef-format.error';

const COMPRESSED = 0x75465a4c; // "LZFu"
const UNCOMPRESSED = 0x414c454d; // "MELA"
const HEADER_BYTES = 16;
/**
 * The most output one compressed byte can yield. LZFu is a control byte then 8 tokens; a literal
 * is 1 byte in, 1 out; a reference is 2 bytes in, at most 15 + 2 = 17 out. A group of 8 references
 * is 17 bytes in, 136 out: 8 per byte, and any other mix (literals, a short last group) gives
 * less. The prebuffered dictionary adds nothing: its bytes reach the output only through
 * references, already counted at 17 each. So a stream's body of n bytes expands to at most 8n.
 */
const MAX_EXPANSION = 8;
const DICTIONARY_BYTES = 4096;
/** MS-OXRTFCP 3.1.3.1: the dictionary every compressed RTF stream starts from. */
const INITIAL_DICTIONARY = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier' +
    '{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, index) => {
  let crc = index;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  return crc >>> 0;
});

/** The stream's CRC: CRC-32's table, but starting from 0 and without the final inversion. */
export function compressedRtfCrc(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) crc = ((CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)) >>> 0;
  return crc;
}

/**
 * Decompresses PR_RTF_COMPRESSED (MS-OXRTFCP, "LZFu") into plain RTF bytes. The output is bounded
 * by the size the header declares, by what the compressed bytes can expand to and by `maxBytes`,
 * and the CRC must match, so a damaged or hostile stream fails instead of producing garbage,
 * growing without end or reserving memory its few bytes could never fill.
 */
export function decompressRtf(stream: Buffer, maxBytes: number): Buffer {
  if (stream.length < HEADER_BYTES) throw new TnefFormatError('compressed RTF: shorter than its header');
  const compSize = stream.readUInt32LE(0);
  const rawSize = stream.readUInt32LE(4);
  const compType = stream.readUInt32LE(8);
  const crc = stream.readUInt32LE(12);
  if (compSize + 4 > stream.length || compSize < HEADER_BYTES - 4) throw new TnefFormatError(`compressed RTF: declares ${compSize} bytes, has ${stream.length - 4}`);
  if (rawSize > maxBytes) throw new TnefFormatError(`compressed RTF: ${rawSize} bytes is over the limit of ${maxBytes}`);
  const body = stream.subarray(HEADER_BYTES, compSize + 4);
  if (compType === UNCOMPRESSED) return Buffer.from(body.subarray(0, rawSize));
  if (compType !== COMPRESSED) throw new TnefFormatError(`compressed RTF: unknown type 0x${compType.toString(16)}`);
  // The output buffer is allocated at the declared size, so a tiny stream must not claim megabytes.
  if (rawSize > MAX_EXPANSION * body.length) {
    throw new TnefFormatError(`compressed RTF: declares ${rawSize} bytes, but ${body.length} compressed bytes expand to at most ${MAX_EXPANSION * body.length}`);
  }
  if (compressedRtfCrc(body) !== crc) throw new TnefFormatError('compressed RTF: CRC mismatch');
  return expand(body, rawSize);
}

function expand(body: Buffer, rawSize: number): Buffer {
  const dictionary = Buffer.alloc(DICTIONARY_BYTES);
  INITIAL_DICTIONARY.copy(dictionary);
  let write = INITIAL_DICTIONARY.length;
  const out = Buffer.alloc(rawSize);
  let produced = 0;
  let at = 0;
  const emit = (byte: number): void => {
    dictionary[write] = byte;
    write = (write + 1) % DICTIONARY_BYTES;
    if (produced < rawSize) out[produced] = byte;
    produced += 1;
  };
  while (at < body.length) {
    const control = body[at++] ?? 0;
    for (let bit = 0; bit < 8 && at < body.length; bit += 1) {
      if ((control & (1 << bit)) === 0) {
        emit(body[at++] ?? 0);
        continue;
      }
      if (at + 1 >= body.length) throw new TnefFormatError('compressed RTF: truncated reference');
      const reference = body.readUInt16BE(at);
      at += 2;
      const offset = reference >>> 4;
      // A reference to the write position marks the end of the stream.
      if (offset === write) return copyOut(out, produced);
      const length = (reference & 0x0f) + 2;
      for (let index = 0; index < length; index += 1) emit(dictionary[(offset + index) % DICTIONARY_BYTES] ?? 0);
      if (produced > rawSize) throw new TnefFormatError(`compressed RTF: expands past its declared ${rawSize} bytes`);
    }
  }
  return copyOut(out, produced);
}

/** A copy sized to what was written: a view would keep the whole declared-size buffer alive. */
function copyOut(out: Buffer, produced: number): Buffer {
  const result = Buffer.alloc(Math.min(produced, out.length));
  out.copy(result, 0, 0, result.length);
  return result;
}
