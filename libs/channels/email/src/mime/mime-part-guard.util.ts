import { Transform, type TransformCallback } from 'node:stream';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';

const MARKER = /\ncontent-type:/gi;
/** One character shorter than a match, so a match is never counted in two chunks. */
const CARRY = '\ncontent-type:'.length - 1;

/**
 * Counts MIME parts by their Content-Type header lines as the bytes stream past, and stops the
 * parse once a mail has more than allowed: thousands of parts would otherwise cost minutes.
 */
export class MimePartGuard extends Transform {
  private carry = '\n';
  private parts = 0;

  constructor(private readonly maxParts: number) {
    super();
  }

  get partCount(): number {
    return this.parts;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.carry + chunk.toString('latin1');
    this.parts += text.match(MARKER)?.length ?? 0;
    this.carry = text.slice(-CARRY);
    if (this.parts > this.maxParts) {
      done(new EmailQuarantineError(EmailQuarantineCode.TooManyParts, `more than ${this.maxParts} MIME parts`));
      return;
    }
    done(null, chunk);
  }
}
