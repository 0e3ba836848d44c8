import { sanitizeMailHtml } from './html-sanitizer.util';

describe('sanitizeMailHtml', () => {
  const html = '<p>Hi<img src="https://cdn.shop.example/banner.png" alt="banner"><img src="cid:logo"></p>';

  it('drops remote images by default and keeps inline ones', () => {
    expect(sanitizeMailHtml(html)).toBe('<p>Hi<img src="cid:logo" /></p>');
  });

  it('keeps remote images when a tenant allows them', () => {
    expect(sanitizeMailHtml(html, { allowRemoteImages: true })).toBe('<p>Hi<img src="https://cdn.shop.example/banner.png" alt="banner" /><img src="cid:logo" /></p>');
  });

  it('keeps no style attribute that could fetch a remote background', () => {
    expect(sanitizeMailHtml('<div style="background:url(https://t.example/p.gif)">x</div>')).toBe('<div>x</div>');
  });
});
