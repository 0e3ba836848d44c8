import sanitizeHtml from 'sanitize-html';

const LINE_BREAKS = /<br\s*\/?>|<\/(?:p|div|li|tr|h[1-6]|blockquote)\s*>/gi;

/**
 * Plain text from an HTML body that came without a text version (a winmail.dat's PR_BODY_HTML):
 * tags dropped, line breaks kept where blocks end. sanitize-html escapes &, < and > in the text it
 * leaves, so exactly those are turned back.
 */
export function htmlToPlainText(html: string): string {
  const text = sanitizeHtml(html.replace(LINE_BREAKS, (tag) => `${tag}\n`), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'title', 'head', 'textarea', 'noscript'],
  });
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
