import { htmlToPlainText } from './html-to-text.util';

describe('htmlToPlainText', () => {
  it('drops tags, scripts and styles, keeps blocks, line breaks and escaped characters', () => {
    expect(htmlToPlainText('<style>p{}</style><p>Total &lt;5 &amp; &gt;2</p><div>Hans<br>Berger</div><script>alert(1)</script>')).toBe('Total <5 & >2\n\nHans\nBerger');
  });

  it('keeps links, lists, headings as written and table rows; leaves images out and wraps nothing', () => {
    const html = `<h1>Order 77</h1><p>See <a href="https://shop.example/o/77">your order</a> or <a href="https://shop.example">https://shop.example</a>. ${'long '.repeat(30)}</p><ul><li>Shoes</li><li>Socks</li></ul><table><tr><td>Total</td><td>99 EUR</td></tr></table><img src="cid:logo" alt="logo">`;
    expect(htmlToPlainText(html)).toBe(`Order 77\n\nSee your order [https://shop.example/o/77] or https://shop.example. ${'long '.repeat(30).trim()}\n\n * Shoes\n * Socks\n\nTotal   99 EUR`);
  });
});
