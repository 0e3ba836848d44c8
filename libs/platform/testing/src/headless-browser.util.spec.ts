import { launchHeadlessChromium } from './headless-browser.util';

describe('launchHeadlessChromium', () => {
  it('runs a page in real Chromium: a click changes what the page shows', async () => {
    const browser = await launchHeadlessChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(`<button onclick="this.textContent = 'clicked'">press</button>`);
      await page.click('button');
      expect(await page.textContent('button')).toBe('clicked');
    } finally {
      await browser.close();
    }
  });
});
