import { applyDecorators, UseFilters, UseGuards, type InjectionToken } from '@nestjs/common';
import { BodyLimit } from '@tributary/platform-app';
import { WebhookErrorFilter } from './webhook-error.filter';
import { WebhookSignatureGuard } from './webhook-signature.guard';

export interface WebhookOptions {
  /** The provider of the routes' WebhookVerifierPort. */
  readonly verifier: InjectionToken;
  /** The largest body these routes read; larger ones are answered 413 before being buffered. */
  readonly maxBodyBytes: number;
}

/**
 * The webhook edge on a controller or route: its own body limit, the signature checked on the raw
 * bytes before the handler runs, and refusals (bad signature, malformed payload, full spool) mapped
 * to 403, 400 and 503 with Retry-After.
 */
export function Webhook(options: WebhookOptions): ClassDecorator & MethodDecorator {
  return applyDecorators(BodyLimit(options.maxBodyBytes), UseGuards(WebhookSignatureGuard(options.verifier)), UseFilters(WebhookErrorFilter));
}
