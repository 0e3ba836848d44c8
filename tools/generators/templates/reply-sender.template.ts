import type { ProviderNames } from '../provider-names';

/** `<provider>-reply.sender.ts`: the kit's ChannelSender, calling the provider's API with fetch. */
export function replySenderTemplate(n: ProviderNames): string {
  return `import type { ChannelSender } from '@tributary/channel-kit';
import { stableUuid, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { z } from 'zod';

/** Past this an API call is abandoned and the reply retried, rather than holding the reply loop. */
const TIMEOUT_MS = 10_000;

/** Refusals that are our side's (credentials, rate limits, timeouts): retried, never the customer's failure. */
const OUR_SIDE = new Set([401, 403, 408, 429]);

const SentSchema = z.object({ id: z.string().min(1).max(998) });
const RefusedSchema = z.object({ error: z.object({ code: z.string().min(1).max(64), message: z.string().max(2048) }) });

/**
 * Sends a reply through ${n.provider}'s API (POST {base}/v1/messages, a generated placeholder to adapt)
 * and says what happened: \`queued\` with ${n.provider}'s message id, or \`failed\` when ${n.provider}
 * refused the message itself. Our credentials, rate limits and ${n.provider} being down throw, so the
 * reply is retried. The reply's ids ride along as metadata: ${n.provider} echoes them in status callbacks.
 */
export class ${n.pascal}ReplySender implements ChannelSender {
  readonly channels = ['${n.channel}'] as const;
  readonly provider = '${n.provider}';

  constructor(
    /** e.g. https://api.example.com (no trailing slash); the local emulation in tests. */
    private readonly apiBaseUrl: string,
    private readonly apiToken: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    if (outbound.to.kind !== '${n.identityKind}') {
      return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: \`cannot reach a \${outbound.to.kind} identity through ${n.provider}\` });
    }
    const response = await fetch(\`\${this.apiBaseUrl}/v1/messages\`, {
      method: 'POST',
      // The reply's id as idempotency key: a send retried after a lost answer is not a second message.
      headers: { authorization: \`Bearer \${this.apiToken}\`, 'content-type': 'application/json', 'idempotency-key': outbound.outboundId },
      body: JSON.stringify({
        to: outbound.to.value,
        from: outbound.from.address,
        text: outbound.text,
        ...(outbound.thread.conversationId ? { conversationId: outbound.thread.conversationId } : {}),
        metadata: { tenantId: outbound.tenantId, ticketId: outbound.ticketId, outboundId: outbound.outboundId, traceId: outbound.traceId, channel: outbound.channel },
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const sent = SentSchema.safeParse(body);
      if (!sent.success) throw new Error(\`${n.provider} accepted a reply without a message id (HTTP \${response.status})\`);
      return this.status(outbound, 'queued', sent.data.id);
    }
    const refused = RefusedSchema.safeParse(body);
    if (response.status >= 400 && response.status < 500 && !OUR_SIDE.has(response.status) && refused.success) {
      return this.status(outbound, 'failed', undefined, refused.data.error);
    }
    throw new Error(\`${n.provider} answered HTTP \${response.status} to a reply\${refused.success ? \`: \${refused.data.error.code}\` : ''}\`);
  }

  private status(
    outbound: OutboundMessageV1Message,
    state: 'queued' | 'failed',
    providerMessageId?: string,
    error?: { readonly code: string; readonly message: string },
  ): DeliveryStatusV1Message {
    return {
      schemaVersion: 1,
      statusId: stableUuid('${n.provider}-send', outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: outbound.channel,
      provider: '${n.provider}',
      ...(providerMessageId ? { providerMessageId } : {}),
      state,
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
      occurredAt: this.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}
`;
}
