import type { ExecutionContext } from '@nestjs/common';
import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookError, WebhookErrorCode } from './webhook.error';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import type { WebhookRequest, WebhookVerifierPort } from './webhook-verifier.port';

const SECRET = 'fuzz-secret';
const sign = (url: string, raw: Buffer) => createHmac('sha256', SECRET).update(url).update(raw).digest('hex');

/** Signs the public URL and the raw bytes, as chat and Meta-style providers do. */
class HmacVerifier implements WebhookVerifierPort {
  constructor(readonly publicBaseUrl: string) {}

  verify(request: WebhookRequest): void {
    const header = request.headers['x-signature'];
    const given = Buffer.from(typeof header === 'string' ? header : '');
    const expected = Buffer.from(sign(request.publicUrl, request.rawBody));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'X-Signature does not match');
  }
}

const guardFor = (verifier: WebhookVerifierPort) => {
  const Guard = WebhookSignatureGuard('VERIFIER');
  return new (Guard as new (port: WebhookVerifierPort) => InstanceType<typeof Guard>)(verifier);
};
const httpContext = (request: object): ExecutionContext =>
  ({ switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }) }) as unknown as ExecutionContext;

const anyText = fc.string({ unit: 'binary', maxLength: 48 });
const base = fc.tuple(fc.constantFrom('https://hooks.example.com', 'https://hooks.example.com:8443/prefix', 'http://[::1]'), fc.constantFrom('', '/', '//')).map(([url, slash]) => `${url}${slash}`);
const originalUrl = fc.oneof(anyText, fc.webPath().map((path) => `/${path}`), fc.tuple(fc.webPath(), fc.webQueryParameters()).map(([path, query]) => `/${path}?${query}`));
const rawBody = fc.option(fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)), { nil: undefined });
const headerValue = fc.oneof(anyText, fc.array(anyText, { maxLength: 2 }), fc.constant(undefined));

describe('WebhookSignatureGuard under generated requests', () => {
  it('lets through exactly the requests signed for the public base URL plus the path and query received; refuses the rest with WebhookError', () => {
    fc.assert(
      fc.property(base, originalUrl, rawBody, fc.boolean(), headerValue, (publicBaseUrl, url, body, signed, otherSignature) => {
        const signature = signed ? sign(`${publicBaseUrl.replace(/\/+$/, '')}${url}`, body ?? Buffer.alloc(0)) : otherSignature;
        const request = { rawBody: body, headers: { 'x-signature': signature }, originalUrl: url, url: '/internal' };
        let allowed: unknown;
        try {
          allowed = guardFor(new HmacVerifier(publicBaseUrl)).canActivate(httpContext(request));
        } catch (error) {
          if (!(error instanceof WebhookError)) throw error;
          allowed = false;
        }
        expect(allowed).toBe(signed);
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);
});
