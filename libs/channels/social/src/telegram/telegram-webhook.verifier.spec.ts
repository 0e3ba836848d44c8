import { WebhookError, WebhookErrorCode } from '@tributary/channel-kit';
import { TelegramWebhookVerifier } from './telegram-webhook.verifier';

const ACME_SECRET = '7012345678_acme-secret-token-000000000001';
const ROTATED = '7012345678_acme-secret-token-000000000002';
const GLOBEX_SECRET = '6000000001_globex-secret-token-00000000001';
const verifier = new TelegramWebhookVerifier(
  new Map([
    ['acme_support_bot', { secretTokens: () => [ACME_SECRET, ROTATED] }],
    ['globex_bot', { secretTokens: () => [GLOBEX_SECRET] }],
  ]),
  'https://social.example.com',
);

function verify(path: string, secret: string | string[] | undefined): WebhookError | undefined {
  try {
    verifier.verify({ rawBody: Buffer.from('{}'), headers: { 'x-telegram-bot-api-secret-token': secret }, publicUrl: `https://social.example.com${path}` });
    return undefined;
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
}

describe('TelegramWebhookVerifier', () => {
  it("accepts each of the bot's own secret tokens", () => {
    expect(verify('/telegram/webhook/acme_support_bot', ACME_SECRET)).toBeUndefined();
    expect(verify('/telegram/webhook/acme_support_bot', ROTATED)).toBeUndefined();
    expect(verify('/telegram/webhook/globex_bot', GLOBEX_SECRET)).toBeUndefined();
  });

  it("refuses a missing, repeated or wrong secret, another bot's secret, and an unknown bot, as a signature failure (403)", () => {
    for (const [path, secret] of [
      ['/telegram/webhook/acme_support_bot', undefined],
      ['/telegram/webhook/acme_support_bot', [ACME_SECRET, ACME_SECRET]],
      ['/telegram/webhook/acme_support_bot', `${ACME_SECRET}x`],
      ['/telegram/webhook/acme_support_bot', ''],
      ['/telegram/webhook/acme_support_bot', GLOBEX_SECRET],
      ['/telegram/webhook/unknown_bot', ACME_SECRET],
      ['/', ACME_SECRET],
    ] as const) {
      expect(verify(path, secret as string | string[] | undefined)?.code).toBe(WebhookErrorCode.SignatureInvalid);
    }
  });
});
