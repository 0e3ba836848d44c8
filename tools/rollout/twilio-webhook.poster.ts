import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { errorName, WEBHOOK_DEADLINE_MS } from './delivery.util';

/**
 * Posts Twilio webhooks as Twilio does, signed for the app's public URL, to each target in turn (a
 * load balancer, or each replica), over kept-alive connections. Plain `node:http` rather than
 * `fetch` (and so rather than the voice library's TwilioWebhookSender): fetch costs several times
 * the CPU per request, and a load generator sharing two cores with the system under test must not
 * be what limits it.
 */
export class TwilioWebhookPoster {
  private readonly agent: Agent;
  private turn = 0;

  constructor(
    private readonly authToken: string,
    private readonly publicUrl: string,
    private readonly targets: readonly string[],
    socketsPerTarget: number,
  ) {
    if (targets.length === 0) throw new Error('a webhook poster needs at least one target');
    this.agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, socketsPerTarget) });
  }

  /** Resolves with the answer's status; rejects on a network error or no answer within 20 s. */
  post(path: string, params: Readonly<Record<string, string>>): Promise<{ status: number }> {
    const target = new URL(path, this.targets[this.turn++ % this.targets.length]);
    const body = new URLSearchParams(params).toString();
    return new Promise((resolve, reject) => {
      const outgoing = request(
        target,
        {
          method: 'POST',
          agent: this.agent,
          timeout: WEBHOOK_DEADLINE_MS,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'TwilioProxy/1.1',
            'x-twilio-signature': twilioSignature(this.authToken, `${this.publicUrl}${path}`, params),
          },
        },
        (response) => {
          response.resume();
          response.once('end', () => resolve({ status: response.statusCode ?? 0 }));
          response.once('error', reject);
        },
      );
      outgoing.once('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.once('error', (error) => reject(new Error(errorName(error), { cause: error })));
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * X-Twilio-Signature as Twilio computes it (twilio.com/docs/usage/security): HMAC-SHA1 under the
 * auth token of the URL followed by each parameter's name and value, names in order, base64. The
 * voice library has the same function, but only on its production entry point, which a harness may
 * not import; exporting it from `@tributary/channel-voice/testing` would let this one go.
 */
function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const hmac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const name of Object.keys(params).sort()) hmac.update(name + (params[name] ?? ''), 'utf8');
  return hmac.digest('base64');
}
