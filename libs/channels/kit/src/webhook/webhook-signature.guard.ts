import { CanActivate, ExecutionContext, Inject, Injectable, mixin, type InjectionToken, type RawBodyRequest, type Type } from '@nestjs/common';
import type { Request } from 'express';
import type { WebhookVerifierPort } from './webhook-verifier.port';

const NO_BODY = Buffer.alloc(0);

/**
 * A guard that runs the verifier provided under `verifier` on the raw body, the headers and the public
 * URL before the route; a refusal throws the verifier's WebhookError, so the handler never runs and
 * nothing is produced. A factory because each channel's routes have their own verifier.
 */
export function WebhookSignatureGuard(verifier: InjectionToken): Type<CanActivate> {
  @Injectable()
  class VerifiedWebhookGuard implements CanActivate {
    constructor(@Inject(verifier) private readonly port: WebhookVerifierPort) {}

    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<RawBodyRequest<Request>>();
      this.port.verify({
        rawBody: request.rawBody ?? NO_BODY,
        headers: request.headers,
        // originalUrl keeps any mount prefix and the query string, both part of what providers sign.
        publicUrl: `${this.port.publicBaseUrl.replace(/\/+$/, '')}${request.originalUrl}`,
      });
      return true;
    }
  }
  return mixin(VerifiedWebhookGuard);
}
