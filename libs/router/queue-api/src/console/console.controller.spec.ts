import { NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { CONSOLE_CSP, ConsoleController } from './console.controller';

interface Sent {
  status?: number;
  headers: Record<string, string>;
  body?: Buffer;
}

function fakeResponse(): { response: Response; sent: Sent } {
  const sent: Sent = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    set(headers: Record<string, string>) {
      Object.assign(sent.headers, headers);
      return this;
    },
    send(body: Buffer) {
      sent.body = body;
      return this;
    },
  } as unknown as Response;
  return { response, sent };
}

describe('ConsoleController', () => {
  const controller = new ConsoleController();

  it('serves the page under a CSP that lets it load and call nothing but its own origin', () => {
    const { response, sent } = fakeResponse();
    controller.page(response);
    expect(sent.status).toBe(200);
    expect(sent.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CONSOLE_CSP, 'X-Content-Type-Options': 'nosniff' });
    expect(CONSOLE_CSP).toMatch(/^default-src 'self';/);
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    const page = sent.body?.toString('utf8') ?? '';
    expect(page).toContain('<script type="module" src="/console/assets/console.js"></script>');
    // Nothing from elsewhere, and no inline script the CSP would block anyway.
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('serves its script and style with their types', () => {
    for (const [name, type] of [['console.js', 'text/javascript; charset=utf-8'], ['console.css', 'text/css; charset=utf-8']] as const) {
      const { response, sent } = fakeResponse();
      controller.file(name, response);
      expect(sent.headers['Content-Type']).toBe(type);
      expect(sent.headers['Content-Security-Policy']).toBe(CONSOLE_CSP);
      expect(sent.body?.length).toBeGreaterThan(100);
    }
  });

  it('serves no other name, so no request path reaches the file system', () => {
    for (const name of ['../console.controller.ts', 'console.html', '..%2Fconsole-assets.ts', 'tsconfig.json']) {
      expect(() => controller.file(name, fakeResponse().response)).toThrow(NotFoundException);
    }
  });

  it('writes data into the page as text only: the script never assigns markup', () => {
    const { response, sent } = fakeResponse();
    controller.file('console.js', response);
    expect(sent.body?.toString('utf8')).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});
