import { MAX_HTML_TO_CONVERT, readableText } from './readable-text.util';

describe('readableText', () => {
  it("keeps the mail's own text when it has any", () => {
    expect(readableText('Hello', '<p>Hi</p>')).toEqual({ text: 'Hello', fromHtml: false });
  });

  it('derives the text from the HTML when the text part is missing or blank', () => {
    expect(readableText(undefined, '<p>Hi</p><p>there</p>')).toEqual({ text: 'Hi\n\nthere', fromHtml: true });
    expect(readableText(' \n', '<p>Hi</p>')).toEqual({ text: 'Hi', fromHtml: true });
  });

  it('does not convert HTML over the size html-to-text is fast on, and says so', () => {
    const html = `<p>${'word '.repeat(MAX_HTML_TO_CONVERT / 5 + 1)}</p>`;
    expect(readableText(undefined, html)).toEqual({ text: '', fromHtml: false, warning: `the HTML body is ${html.length} characters, over 4194304: not converted to text` });
  });
});
