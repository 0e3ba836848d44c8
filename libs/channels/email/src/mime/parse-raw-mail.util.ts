import { AttachmentRefSchema, type AttachmentRef } from '@tributary/contracts';
import { BlobTooLargeError, type BlobStore } from '@tributary/platform-blob-store';
import { MailParser, type AttachmentStream, type HeaderLines, type Headers, type MessageText } from 'mailparser';
import { Readable } from 'node:stream';
import { AttachmentBudget } from './attachment-budget';
import type { EmailLimits } from './email-limits';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';
import { structuredHeader } from './mail-headers.util';
import { MimePartGuard } from './mime-part-guard.util';
import type { ParsedRawMail } from './parsed-raw-mail';
import { isWinmailPart, readPart } from './tnef/winmail-part.util';
import { storeRtfBody, storeWinmail, type WinmailBody } from './tnef/store-winmail.util';
import { htmlToPlainText } from './html-to-text.util';

/** Larger HTML is not converted to text (html-to-text is slow on megabytes of markup). */
const MAX_HTML_TO_PARSE = 4 * 1024 * 1024;

/**
 * Parses raw RFC 5322 bytes with mailparser's streaming parser, streaming each attachment straight
 * into the blob store. Hostile input ends as an EmailQuarantineError (size, part count, attachment
 * count, time); blob store failures are thrown as they are, so the caller retries instead of
 * quarantining, except a blob over its size limit, which no retry would change.
 */
export async function parseRawMail(raw: Buffer, blobStore: BlobStore, limits: EmailLimits): Promise<ParsedRawMail> {
  if (raw.length > limits.maxMessageBytes) {
    throw new EmailQuarantineError(EmailQuarantineCode.TooLarge, `${raw.length} bytes is over the limit of ${limits.maxMessageBytes}`);
  }
  const guard = new MimePartGuard(limits.maxMimeParts);
  const parser = new MailParser({ skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: MAX_HTML_TO_PARSE });
  const fail = (error: unknown): void => {
    parser.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  let headers: Headers | undefined;
  let headerLines: HeaderLines = [];
  parser.on('headers', (parsed: Headers) => (headers = parsed));
  parser.on('headerLines', (lines: HeaderLines) => (headerLines = lines));
  guard.on('error', fail);
  const timer = setTimeout(
    () => fail(new EmailQuarantineError(EmailQuarantineCode.ParseTimeout, `parsing took longer than ${limits.parseTimeoutMs} ms`)),
    limits.parseTimeoutMs,
  );
  Readable.from([raw]).pipe(guard).pipe(parser);

  let text: string | undefined;
  let html: string | undefined;
  const attachments: AttachmentRef[] = [];
  const budget = new AttachmentBudget();
  // One winmail.dat body is held, never one per part: each may pin its whole winmail.dat.
  let winmailBody: WinmailBody | undefined;
  const warnings: string[] = [];
  try {
    for await (const data of parser as AsyncIterable<AttachmentStream | MessageText>) {
      if (data.type === 'text') {
        text = data.text;
        html = typeof data.html === 'string' ? data.html : undefined;
      } else if (isWinmailPart(data)) {
        const winmail = await storeWinmailPart(data, attachments.length, blobStore, limits, budget);
        attachments.push(...winmail.attachments);
        if (winmail.body && (winmailBody === undefined || (winmailBody.kind === 'rtf' && winmail.body.kind === 'text'))) winmailBody = winmail.body;
        if (winmail.warning) warnings.push(winmail.warning);
      } else {
        attachments.push(await storeAttachment(data, attachments.length, blobStore, limits, budget));
      }
    }
  } catch (error) {
    throw asQuarantine(error);
  } finally {
    clearTimeout(timer);
  }
  if (!headers) throw new EmailQuarantineError(EmailQuarantineCode.Unparseable, 'no header block');
  if (text === undefined || text === '') text = salvageBody(raw, headers, html, attachments) ?? text;
  const hasOwnBody = (text !== undefined && text.trim() !== '') || html !== undefined;
  if (!hasOwnBody && winmailBody?.kind === 'text') {
    html = winmailBody.html?.trim() ? winmailBody.html : undefined;
    text = winmailBody.text?.trim() ? winmailBody.text.replace(/\r\n?/g, '\n') : winmailHtmlAsText(html ?? '', warnings);
  } else if (!hasOwnBody && winmailBody?.kind === 'rtf') {
    // The body exists only as RTF; converting it to text is not done here, so the agent gets the file.
    try {
      const rtf = await storeRtfBody(winmailBody, blobStore, limits.maxMessageBytes, budget);
      if (rtf.attachment) attachments.push(rtf.attachment);
      warnings.push(rtf.warning);
    } catch (error) {
      throw asQuarantine(error);
    }
  }
  return { headers, headerLines, text, html, attachments, warnings };
}

/** The same cap as mailparser's own conversion: this runs after the parse deadline, unguarded. */
function winmailHtmlAsText(html: string, warnings: string[]): string {
  if (html.length <= MAX_HTML_TO_PARSE) return htmlToPlainText(html);
  warnings.push(`the winmail.dat HTML body is ${html.length} characters, over ${MAX_HTML_TO_PARSE}: not converted to text`);
  return '';
}

async function storeWinmailPart(part: AttachmentStream, index: number, blobStore: BlobStore, limits: EmailLimits, budget: AttachmentBudget): ReturnType<typeof storeWinmail> {
  try {
    const bytes = await readPart(part, limits.maxMessageBytes);
    return await storeWinmail({ bytes, name: attachmentName(part, index), contentType: partContentType(part, 'application/ms-tnef') }, blobStore, limits.maxMessageBytes, budget);
  } finally {
    part.release?.();
  }
}

async function storeAttachment(part: AttachmentStream, index: number, blobStore: BlobStore, limits: EmailLimits, budget: AttachmentBudget): Promise<AttachmentRef> {
  try {
    budget.reserve(1);
    const stored = await blobStore.put(part.content, { maxBytes: limits.maxMessageBytes });
    return {
      name: attachmentName(part, index),
      contentType: partContentType(part, 'application/octet-stream'),
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      storageUri: stored.storageUri,
      ...(part.cid ? { contentId: part.cid.slice(0, 998) } : {}),
    };
  } finally {
    part.release?.();
  }
}

/** A multipart declared without a boundary has no parts to the parser; its body is still the text. */
function salvageBody(raw: Buffer, headers: Headers, html: string | undefined, attachments: readonly AttachmentRef[]): string | undefined {
  const contentType = structuredHeader(headers, 'content-type');
  if (html !== undefined || attachments.length > 0 || !contentType?.value.startsWith('multipart/') || contentType.params['boundary']) return undefined;
  const start = raw.indexOf('\r\n\r\n');
  const body = start >= 0 ? raw.subarray(start + 4) : raw.subarray(raw.indexOf('\n\n') + 2);
  return body.toString('utf8').trim();
}

function attachmentName(part: AttachmentStream, index: number): string {
  const name = part.filename?.replace(/[\\/\0]/g, '_').trim();
  if (name) return name.slice(0, 512);
  const subtype = /^[a-z]+\/([a-z0-9.+-]+)/i.exec(part.contentType)?.[1] ?? 'bin';
  return `part-${index + 1}.${subtype}`;
}

/** Anything the parser throws is about the mail itself, except storage errors, which must retry. */
function asQuarantine(error: unknown): unknown {
  if (error instanceof EmailQuarantineError) return error;
  if (error instanceof BlobTooLargeError) return new EmailQuarantineError(EmailQuarantineCode.TooLarge, error.message);
  if (error instanceof Error && 'syscall' in error) return error;
  return new EmailQuarantineError(EmailQuarantineCode.Unparseable, error instanceof Error ? error.message : String(error));
}

/**
 * The part's declared type when the contract takes it, else the fallback: a sender's malformed
 * Content-Type (`#`, two characters) must not quarantine the whole mail for breaking the contract.
 */
function partContentType(part: AttachmentStream, fallback: string): string {
  const declared = part.contentType.slice(0, 255);
  return AttachmentRefSchema.shape.contentType.safeParse(declared).success ? declared : fallback;
}
