import { htmlToPlainText } from './html-to-text.util';

describe('htmlToPlainText', () => {
  it('drops tags, scripts and styles, keeps block breaks and the characters sanitize-html escaped', () => {
    expect(htmlToPlainText('<style>p{}</style><p>Total &lt;5 &amp; &gt;2</p><div>Hans<br>Berger</div><script>alert(1)</script>')).toBe('Total <5 & >2\nHans\nBerger');
  });
});
