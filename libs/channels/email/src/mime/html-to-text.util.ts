import { htmlToText } from 'html-to-text';

/** Deeper markup is not walked: html-to-text recurses per level, and hostile mail nests thousands. */
const MAX_DEPTH = 500;

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/**
 * Readable plain text from an HTML body, with html-to-text: paragraphs, line breaks, lists and
 * headings and table rows kept as lines, links as `text [href]` (the href only when it differs
 * from the text), images and invisible markup (scripts, styles) left out, no wrapping added.
 */
export function htmlToPlainText(html: string): string {
  const text = htmlToText(html, {
    wordwrap: false,
    limits: { maxDepth: MAX_DEPTH },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
      // Cells side by side, as a helpdesk agent would read an order summary; layout tables of one
      // cell per row come out as plain blocks.
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 200 } },
      ...HEADINGS,
    ],
  });
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
