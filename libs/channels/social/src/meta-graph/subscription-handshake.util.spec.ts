import { WebhookError, WebhookErrorCode } from '@tributary/channel-kit';
import { answerSubscriptionHandshake } from './subscription-handshake.util';

const TOKEN = 'verify-token-0123456789';

function refusal(run: () => unknown): WebhookError {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookError) return error;
    throw error;
  }
  throw new Error('expected a WebhookError, nothing was thrown');
}

describe('answerSubscriptionHandshake', () => {
  it("answers Meta's challenge exactly when the verify token is ours", () => {
    expect(answerSubscriptionHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': TOKEN }, TOKEN)).toBe('1158201444');
  });

  it('ignores other query parameters', () => {
    expect(answerSubscriptionHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '42', 'hub.verify_token': TOKEN, utm: 'x' }, TOKEN)).toBe('42');
  });

  it('refuses a wrong verify token as a signature failure', () => {
    const error = refusal(() => answerSubscriptionHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': `${TOKEN.slice(0, -1)}X` }, TOKEN));
    expect(error.code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it('refuses a token that is a prefix or an extension of ours', () => {
    expect(refusal(() => answerSubscriptionHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': TOKEN.slice(0, 8) }, TOKEN)).code).toBe(WebhookErrorCode.SignatureInvalid);
    expect(refusal(() => answerSubscriptionHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': `${TOKEN}0` }, TOKEN)).code).toBe(WebhookErrorCode.SignatureInvalid);
  });

  it.each([
    ['another mode', { 'hub.mode': 'unsubscribe', 'hub.challenge': '1', 'hub.verify_token': TOKEN }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN }],
    ['an empty challenge', { 'hub.mode': 'subscribe', 'hub.challenge': '', 'hub.verify_token': TOKEN }],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['a repeated token', { 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': [TOKEN, TOKEN] }],
    ['no query at all', undefined],
  ])('refuses %s as not a handshake', (_case, query) => {
    expect(refusal(() => answerSubscriptionHandshake(query, TOKEN)).code).toBe(WebhookErrorCode.PayloadInvalid);
  });
});
