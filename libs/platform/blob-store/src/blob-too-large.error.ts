export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`content is larger than the limit of ${maxBytes} bytes`);
    this.name = 'BlobTooLargeError';
  }
}
