import { timingSafeEqual } from 'node:crypto';
import { WebhookError, WebhookErrorCode } from '@tributary/channel-kit';
import { z } from 'zod';

const HandshakeSchema = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string().min(1).max(1024),
  'hub.challenge': z.string().min(1).max(1024),
});

/**
 * Meta's subscription handshake (GET on the callback URL when a webhook is configured): answers the
 * challenge when the verify token is ours. A wrong token is a signature failure (403), so nobody can
 * point a Meta app at this endpoint without knowing the token.
 */
export function answerSubscriptionHandshake(query: unknown, verifyToken: string): string {
  const parsed = HandshakeSchema.safeParse(query);
  if (!parsed.success) throw new WebhookError(WebhookErrorCode.PayloadInvalid, 'not a subscription handshake: hub.mode=subscribe, hub.verify_token and hub.challenge are required');
  const given = Buffer.from(parsed.data['hub.verify_token']);
  const expected = Buffer.from(verifyToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'hub.verify_token is not the configured verify token');
  }
  return parsed.data['hub.challenge'];
}
