import { AttachmentRefSchema, type AttachmentRef } from '@tributary/contracts';
import { BlobTooLargeError, type BlobStore } from '@tributary/platform-blob-store';
import { MailParser, type AttachmentStream, type HeaderLines, type Headers, type MessageText } from 'mailparser';
import { Readable } from 'node:stream';
import { AttachmentBudget } from './attachment-budget';
import { attachmentFileName, safeFileName } from './attachment-filename.util';
import { declaredCharsets } from './declared-charsets.util';
import type { EmailLimits } from './email-limits';
import { EmailQuarantineCode, EmailQuarantineError } from './email-quarantine.error';
import { repairRootHeaders } from './header-charset-repair.util';
import { structuredHeader } from './mail-headers.util';
import { countMimeParts } from './mime-part-guard.util';
import type { ParsedRawMail } from './parsed-raw-mail';
import { rawHeaderValue } from './raw-header-block.util';
import { MAX_HTML_TO_CONVERT } from './readable-text.util';
import { isWinmailPart, readPart } from './tnef/winmail-part.util';
import { storeRtfBody, storeWinmail, type WinmailBody } from './tnef/store-winmail.util';
import { isUuencodeTransferEncoding, storeUuencodedFiles } from './store-uuencoded.util';
import { extractUuencoded } from './uuencode.util';

/**
 * Parses raw RFC 5322 bytes with mailparser's streaming parser, streaming each attachment straight
 * into the blob store. Top-level headers and file names written in raw 8-bit bytes of a legacy
 * charset are decoded in the mail's declared charsets first; uuencoded files (an `x-uuencode` part,
 * `begin 644` blocks in the text) become attachments. A mail that is only HTML (and a winmail.dat
 * body that is only HTML) leaves its text empty: the normalizer derives it from the sanitized HTML.
 * mailparser still turns an HTML part beside a text part (not its alternative) into text, so that
 * part's words stay in the text. Hostile input ends as an EmailQuarantineError (size, part count,
 * attachment count, time); blob store failures are thrown as they are, so the caller retries
 * instead of quarantining, except a blob over its size limit, which no retry would change.
 */
export async function parseRawMail(raw: Buffer, blobStore: BlobStore, limits: EmailLimits): Promise<ParsedRawMail> {
  if (raw.length > limits.maxMessageBytes) {
    throw new EmailQuarantineError(EmailQuarantineCode.TooLarge, `${raw.length} bytes is over the limit of ${limits.maxMessageBytes}`);
  }
  const parts = countMimeParts(raw);
  if (parts > limits.maxMimeParts) throw new EmailQuarantineError(EmailQuarantineCode.TooManyParts, `more than ${limits.maxMimeParts} MIME parts`);
  const rootIsHtml = /^\s*text\/html\b/i.test(rawHeaderValue(raw, 'content-type') ?? '');
  const parser = new MailParser({ skipTextToHtml: true, skipHtmlToText: rootIsHtml, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: MAX_HTML_TO_CONVERT });
  // The attachment on its way into the blob store, if any: a parse stopped halfway must end it too,
  // or the store waits for the rest of it forever (destroying the parser does not end its streams).
  let storing: AttachmentStream | undefined;
  let stop: (error: Error) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  const fail = (error: unknown): void => {
    const reason = error instanceof Error ? error : new Error(String(error));
    // Without an error: a store that has stopped reading has no listener for one.
    storing?.content.destroy();
    parser.destroy(reason);
    stop(reason);
  };
  let headers: Headers | undefined;
  let headerLines: HeaderLines = [];
  parser.on('headers', (parsed: Headers) => (headers = parsed));
  parser.on('headerLines', (lines: HeaderLines) => (headerLines = lines));
  const timer = setTimeout(
    () => fail(new EmailQuarantineError(EmailQuarantineCode.ParseTimeout, `parsing took longer than ${limits.parseTimeoutMs} ms`)),
    limits.parseTimeoutMs,
  );
  Readable.from(slices(repairRootHeaders(raw))).pipe(parser);
  let charsets: string[] | undefined;
  const mailCharsets = (): readonly string[] => (charsets ??= declaredCharsets(raw));

  let text: string | undefined;
  let html: string | undefined;
  const attachments: AttachmentRef[] = [];
  const budget = new AttachmentBudget();
  // One winmail.dat body is held, never one per part: each may pin its whole winmail.dat.
  let winmailBody: WinmailBody | undefined;
  const warnings: string[] = [];
  const consume = async (): Promise<void> => {
    for await (const data of parser as AsyncIterable<AttachmentStream | MessageText>) {
      if (data.type === 'text') {
        text = data.text;
        html = typeof data.html === 'string' ? data.html : undefined;
        continue;
      }
      storing = data;
      if (isWinmailPart(data)) {
        const winmail = await storeWinmailPart(data, attachmentName(data, attachments.length, mailCharsets, raw), blobStore, limits, budget);
        attachments.push(...winmail.attachments);
        if (winmail.body && (winmailBody === undefined || (winmailBody.kind === 'rtf' && winmail.body.kind === 'text'))) winmailBody = winmail.body;
        if (winmail.warning) warnings.push(winmail.warning);
      } else if (isUuencodeTransferEncoding(data.headers.get('content-transfer-encoding'))) {
        attachments.push(...(await storeUuencodedPart(data, attachmentName(data, attachments.length, mailCharsets, raw), blobStore, limits, budget)));
      } else {
        attachments.push(await storeAttachment(data, attachmentName(data, attachments.length, mailCharsets, raw), blobStore, limits, budget));
      }
      storing = undefined;
    }
  };
  const consuming = consume();
  // Settled either way, so a parse abandoned after the time limit rejects nothing unobserved.
  consuming.catch(() => undefined);
  try {
    await Promise.race([consuming, stopped]);
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
    text = winmailBody.text?.trim() ? winmailBody.text.replace(/\r\n?/g, '\n') : '';
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
  if (text !== undefined && text.includes('begin ')) {
    const uuencoded = extractUuencoded(text);
    if (uuencoded.files.length > 0) {
      attachments.push(...(await storeOrQuarantine(storeUuencodedFiles(uuencoded.files, blobStore, limits.maxMessageBytes, budget))));
      text = uuencoded.text;
    }
  }
  return { headers, headerLines, text, html, attachments, warnings };
}

/**
 * The mail as views of PARSE_SLICE_BYTES each, no copy. Given the whole mail as one chunk, the
 * parser splits all of it into lines at once: a 45 MB mail then cost about 290 MiB while parsing,
 * against about 16 MiB in slices (measured, one base64 attachment).
 */
function* slices(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += PARSE_SLICE_BYTES) yield bytes.subarray(start, start + PARSE_SLICE_BYTES);
}

const PARSE_SLICE_BYTES = 64 * 1024;

async function storeOrQuarantine<T>(storing: Promise<T>): Promise<T> {
  try {
    return await storing;
  } catch (error) {
    throw asQuarantine(error);
  }
}

async function storeWinmailPart(part: AttachmentStream, name: string, blobStore: BlobStore, limits: EmailLimits, budget: AttachmentBudget): ReturnType<typeof storeWinmail> {
  try {
    const bytes = await readPart(part, limits.maxMessageBytes);
    return await storeWinmail({ bytes, name, contentType: partContentType(part, 'application/ms-tnef') }, blobStore, limits.maxMessageBytes, budget);
  } finally {
    part.release?.();
  }
}

/** An `x-uuencode` part: the files in it, or the part as it came when it holds no complete block. */
async function storeUuencodedPart(part: AttachmentStream, name: string, blobStore: BlobStore, limits: EmailLimits, budget: AttachmentBudget): Promise<AttachmentRef[]> {
  try {
    const bytes = await readPart(part, limits.maxMessageBytes, name);
    const { files } = extractUuencoded(bytes.toString('latin1'));
    if (files.length === 0) return [await storeBytes(bytes, part, name, blobStore, limits, budget)];
    // A part holding one file is named by the part, as the mail program shows it.
    const named = files.length === 1 && part.filename ? files.map((file) => ({ ...file, name })) : files;
    return await storeUuencodedFiles(named, blobStore, limits.maxMessageBytes, budget);
  } finally {
    part.release?.();
  }
}

async function storeAttachment(part: AttachmentStream, name: string, blobStore: BlobStore, limits: EmailLimits, budget: AttachmentBudget): Promise<AttachmentRef> {
  try {
    return await storeBytes(part.content, part, name, blobStore, limits, budget);
  } finally {
    part.release?.();
  }
}

async function storeBytes(content: AttachmentStream['content'] | Buffer, part: AttachmentStream, name: string, blobStore: BlobStore, limits: EmailLimits, budget: AttachmentBudget): Promise<AttachmentRef> {
  budget.reserve(1);
  const stored = await blobStore.put(content, { maxBytes: limits.maxMessageBytes });
  return {
    name,
    contentType: partContentType(part, 'application/octet-stream'),
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    storageUri: stored.storageUri,
    ...(part.cid ? { contentId: part.cid.slice(0, 998) } : {}),
  };
}

/** A multipart declared without a boundary has no parts to the parser; its body is still the text. */
function salvageBody(raw: Buffer, headers: Headers, html: string | undefined, attachments: readonly AttachmentRef[]): string | undefined {
  const contentType = structuredHeader(headers, 'content-type');
  if (html !== undefined || attachments.length > 0 || !contentType?.value.startsWith('multipart/') || contentType.params['boundary']) return undefined;
  const start = raw.indexOf('\r\n\r\n');
  const body = start >= 0 ? raw.subarray(start + 4) : raw.subarray(raw.indexOf('\n\n') + 2);
  return body.toString('utf8').trim();
}

function attachmentName(part: AttachmentStream, index: number, charsets: () => readonly string[], sample: Uint8Array): string {
  const name = safeFileName(attachmentFileName(part, charsets, sample) ?? '');
  if (name) return name;
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
