import type { ArgumentsHost } from '@nestjs/common';
import { SpoolFullError } from '@tributary/platform-spool';
import { WebhookError, WebhookErrorCode } from './webhook.error';
import { WebhookErrorFilter } from './webhook-error.filter';

interface Answer {
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

function answerTo(error: WebhookError | SpoolFullError): Answer {
  const answer: Answer = { headers: {} };
  const response = {
    status(code: number) {
      answer.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      answer.headers[name] = value;
      return response;
    },
    json(body: unknown) {
      answer.body = body;
      return response;
    },
  };
  new WebhookErrorFilter().catch(error, { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost);
  return answer;
}

describe('WebhookErrorFilter', () => {
  it('answers a full spool 503 with Retry-After, saying nothing about its size', () => {
    expect(answerTo(new SpoolFullError(5000, 4096))).toEqual({
      status: 503,
      headers: { 'retry-after': '30' },
      body: { error: 'SPOOL_FULL', message: 'temporarily unable to accept messages' },
    });
  });

  it('answers a bad signature 403 and a malformed payload 400, with the code and reason', () => {
    expect(answerTo(new WebhookError(WebhookErrorCode.SignatureInvalid, 'X-Sig does not match'))).toEqual({
      status: 403,
      headers: {},
      body: { error: 'WEBHOOK_SIGNATURE_INVALID', message: 'X-Sig does not match' },
    });
    expect(answerTo(new WebhookError(WebhookErrorCode.PayloadInvalid, 'not a message event'))).toMatchObject({ status: 400, body: { error: 'WEBHOOK_PAYLOAD_INVALID' } });
  });
});
