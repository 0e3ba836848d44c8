/** The bytes are not a TNEF stream we can read (bad signature, truncated, out of bounds, over a limit). */
export class TnefFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TnefFormatError';
  }
}
