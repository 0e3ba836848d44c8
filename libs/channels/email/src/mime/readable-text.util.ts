import { htmlToPlainText } from './html-to-text.util';

/** Larger HTML is not converted to text (html-to-text is slow on megabytes of markup); mailparser's own cap. */
export const MAX_HTML_TO_CONVERT = 4 * 1024 * 1024;

export interface ReadableText {
  readonly text: string;
  /** Set when the text was derived from the HTML. */
  readonly fromHtml: boolean;
  /** Why a mail with HTML still has no text. */
  readonly warning?: string;
}

/**
 * The text a helpdesk shows: the mail's own text when it has any, else its sanitized HTML as text
 * (an HTML-only mail, HTML with inline images in multipart/related, an empty text alternative).
 */
export function readableText(text: string | undefined, sanitizedHtml: string | undefined): ReadableText {
  if ((text !== undefined && text.trim() !== '') || sanitizedHtml === undefined || sanitizedHtml.trim() === '') return { text: text ?? '', fromHtml: false };
  if (sanitizedHtml.length > MAX_HTML_TO_CONVERT) {
    return { text: text ?? '', fromHtml: false, warning: `the HTML body is ${sanitizedHtml.length} characters, over ${MAX_HTML_TO_CONVERT}: not converted to text` };
  }
  return { text: htmlToPlainText(sanitizedHtml), fromHtml: true };
}
