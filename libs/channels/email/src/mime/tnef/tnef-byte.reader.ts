import { TnefFormatError } from './tnef-format.error';

/**
 * A cursor over a buffer that refuses to read past its end. Every length in a TNEF stream comes
 * from the sender, so each read is checked here once instead of trusted in many places.
 */
export class TnefByteReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number {
    this.need(1, 'a byte');
    return this.bytes.readUInt8(this.offset++);
  }

  u16(): number {
    this.need(2, 'a 16-bit value');
    const value = this.bytes.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4, 'a 32-bit value');
    const value = this.bytes.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A view, not a copy: decoding never allocates more than the input already holds. */
  take(length: number, what: string): Buffer {
    this.need(length, what);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  skip(length: number, what: string): void {
    this.need(length, what);
    this.offset += length;
  }

  /** MAPI values are padded to four bytes. */
  align4(): void {
    const pad = (4 - (this.offset % 4)) % 4;
    this.skip(Math.min(pad, this.remaining), 'padding');
  }

  private need(length: number, what: string): void {
    if (length < 0 || length > this.remaining) {
      throw new TnefFormatError(`truncated: ${what} of ${length} bytes at offset ${this.offset}, ${this.remaining} left`);
    }
  }
}
