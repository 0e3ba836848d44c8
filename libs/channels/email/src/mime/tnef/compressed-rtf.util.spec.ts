import { compressByteRun, compressRtfAsLiterals } from '../../../fixtures/tnef/tnef-stream.builder';
import { decompressRtf } from './compressed-rtf.util';

/** A published LZFu test vector with dictionary back-references (and the end marker). */
const WITH_REFERENCES = Buffer.concat([
  Buffer.from([0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00]),
  Buffer.from('LZFu', 'latin1'),
  Buffer.from([0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20]),
  Buffer.from('WXYZ\rn}', 'latin1'),
  Buffer.from([0x01, 0x0e, 0xb0]),
]);

describe('compressed RTF (MS-OXRTFCP)', () => {
  it('expands back-references into the dictionary', () => {
    expect(decompressRtf(WITH_REFERENCES, 1024).toString('latin1')).toBe('{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}');
  });

  it('reads literal runs of any length', () => {
    for (const rtf of ['{\\rtf1}', '{\\rtf1 1234}', '{\\rtf1\\ansi a longer body that runs over several control bytes\\par}']) {
      expect(decompressRtf(compressRtfAsLiterals(Buffer.from(rtf, 'latin1')), 1024).toString('latin1')).toBe(rtf);
    }
  });

  it('reads the uncompressed (MELA) form', () => {
    const header = Buffer.alloc(16);
    header.writeUInt32LE(12 + 7, 0);
    header.writeUInt32LE(7, 4);
    header.write('MELA', 8, 'latin1');
    expect(decompressRtf(Buffer.concat([header, Buffer.from('{\\rtf1}')]), 1024).toString('latin1')).toBe('{\\rtf1}');
  });

  it('reads a stream at the most LZFu can expand (17-byte references), within the 8x bound', () => {
    const stream = compressByteRun(0x61, 100_000);
    expect(stream.readUInt32LE(4)).toBeGreaterThan(7.5 * (stream.length - 16));
    expect(decompressRtf(stream, 1024 * 1024).equals(Buffer.alloc(100_000, 0x61))).toBe(true);
  });

  it('refuses a small stream that claims more than its bytes can expand to, before allocating it', () => {
    const claims16Mb = compressRtfAsLiterals(Buffer.from('{\\rtf1 claims sixteen megabytes}', 'latin1'));
    claims16Mb.writeUInt32LE(16 * 1024 * 1024, 4); // the CRC covers only the body, so it still matches
    expect(claims16Mb.length).toBeLessThan(70);
    expect(() => decompressRtf(claims16Mb, 16 * 1024 * 1024)).toThrow(/compressed RTF: declares 16777216 bytes, but \d+ compressed bytes expand to at most \d+/);
  });

  it('returns a copy the size of what was written, not a view into the declared-size buffer', () => {
    const stream = compressRtfAsLiterals(Buffer.from('{\\rtf1 short}', 'latin1'));
    stream.writeUInt32LE(8 * (stream.length - 16), 4); // within the bound, but more than the stream writes
    const rtf = decompressRtf(stream, 1024);
    expect(rtf.toString('latin1')).toBe('{\\rtf1 short}');
    expect(rtf.buffer.byteLength).toBe(rtf.length);
  });

  it('refuses a damaged stream by its CRC', () => {
    const damaged = Buffer.from(WITH_REFERENCES);
    damaged[20] = 0x58;
    expect(() => decompressRtf(damaged, 1024)).toThrow('compressed RTF: CRC mismatch');
  });

  it('refuses a declared size over the limit, and a stream shorter than it says', () => {
    expect(() => decompressRtf(WITH_REFERENCES, 10)).toThrow('compressed RTF: 28 bytes is over the limit of 10');
    expect(() => decompressRtf(WITH_REFERENCES.subarray(0, 20), 1024)).toThrow(/declares 26 bytes/);
  });
});
