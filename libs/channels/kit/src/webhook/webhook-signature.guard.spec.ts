import type { ExecutionContext } from '@nestjs/common';
import { WebhookError, WebhookErrorCode } from './webhook.error';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import type { WebhookRequest, WebhookVerifierPort } from './webhook-verifier.port';

class RecordingVerifier implements WebhookVerifierPort {
  readonly seen: WebhookRequest[] = [];
  constructor(
    readonly publicBaseUrl: string,
    private readonly accept = true,
  ) {}

  verify(request: WebhookRequest): void {
    this.seen.push(request);
    if (!this.accept) throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'no');
  }
}

const httpContext = (request: object): ExecutionContext =>
  ({ switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }) }) as unknown as ExecutionContext;

const guardFor = (verifier: WebhookVerifierPort) => {
  const Guard = WebhookSignatureGuard('VERIFIER');
  return new (Guard as new (port: WebhookVerifierPort) => InstanceType<typeof Guard>)(verifier);
};

describe('WebhookSignatureGuard', () => {
  it('verifies the raw bytes and headers against the public base URL plus the path and query received', () => {
    const verifier = new RecordingVerifier('https://hooks.example.com/');
    const rawBody = Buffer.from('{"a": 1}');
    const headers = { host: '10.0.0.7:3000', 'x-signature': 'sig' };
    expect(guardFor(verifier).canActivate(httpContext({ rawBody, headers, originalUrl: '/meta/webhook?x=1&y=2', url: '/webhook' }))).toBe(true);
    expect(verifier.seen).toEqual([{ rawBody, headers, publicUrl: 'https://hooks.example.com/meta/webhook?x=1&y=2' }]);
  });

  it('hands an empty body to the verifier when none was read', () => {
    const verifier = new RecordingVerifier('https://hooks.example.com');
    expect(guardFor(verifier).canActivate(httpContext({ headers: {}, originalUrl: '/hook' }))).toBe(true);
    expect(verifier.seen[0]?.rawBody).toEqual(Buffer.alloc(0));
  });

  it("lets the verifier's refusal through, so the route never runs", () => {
    const guard = guardFor(new RecordingVerifier('https://hooks.example.com', false));
    expect(() => guard.canActivate(httpContext({ headers: {}, originalUrl: '/hook' }))).toThrow(WebhookError);
  });
});
