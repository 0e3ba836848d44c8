import type { ProviderNames } from '../provider-names';
import { identity } from './identity-code';

/** `<provider>.normalizer.ts`: the kit's InboundNormalizer, from the webhook body to InboundMessage v1. */
export function normalizerTemplate(n: ProviderNames): string {
  return `import { createHash } from 'node:crypto';
import { WebhookError, WebhookErrorCode, type InboundNormalizer, type NormalizeResult } from '@tributary/channel-kit';
import { ContactIdentitySchema, stableUuid } from '@tributary/contracts';
import { ${n.pascal}PayloadSchema } from './${n.provider}-payload.schema';

type ${n.pascal}QuarantineCode = 'unknown-inbox' | 'invalid-sender';

/**
 * Turns one verified ${n.provider} message webhook into InboundMessage v1. A body that is not
 * ${n.provider}'s message is refused (400 at the webhook edge); a message no tenant can take is
 * quarantined with the reason, never dropped.
 */
export class ${n.pascal}Normalizer implements InboundNormalizer<unknown, ${n.pascal}QuarantineCode> {
  constructor(
    /** The tenant of the address that received the message, if it is one of ours. */
    private readonly tenantFor: (inbox: string) => string | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  normalize(payload: unknown): Promise<NormalizeResult<${n.pascal}QuarantineCode>> {
    // Nothing to store for a text message; a provider with media awaits the blob store here.
    return new Promise((resolve) => resolve(this.toResult(payload)));
  }

  private toResult(payload: unknown): NormalizeResult<${n.pascal}QuarantineCode> {
    const parsed = ${n.pascal}PayloadSchema.safeParse(payload);
    if (!parsed.success) {
      throw new WebhookError(WebhookErrorCode.PayloadInvalid, \`not a message webhook of ${n.provider}: \${parsed.error.issues[0]?.message ?? 'invalid'}\`);
    }
    const { message } = parsed.data;
    const tenantId = this.tenantFor(message.to);
    if (tenantId === undefined) return { kind: 'quarantined', code: 'unknown-inbox', reason: \`no tenant is configured for \${message.to}\` };
    const sender = ContactIdentitySchema.safeParse(${identity.code(n.identityKind, 'message.from.id')});
    if (!sender.success) return { kind: 'quarantined', code: 'invalid-sender', reason: \`the sender is not a valid ${n.identityKind} identity: \${message.from.id}\` };
    return {
      kind: 'message',
      message: {
        schemaVersion: 1,
        // Derived from ${n.provider}'s id, so a redelivered webhook is the same record and joins the same trace.
        messageId: stableUuid('${n.provider}', message.id),
        tenantId,
        channel: '${n.channel}',
        provider: '${n.provider}',
        providerMessageId: message.id,
        dedupeKey: \`${n.provider}:message:\${message.id}\`,
        receivedAt: this.now().toISOString(),
        ...(message.sentAt ? { sentAt: message.sentAt } : {}),
        sender: { identities: [sender.data], ...(message.from.name ? { displayName: message.from.name } : {}) },
        inbox: { address: message.to },
        thread: { references: [], ...(message.conversationId ? { conversationId: message.conversationId } : {}) },
        text: message.text,
        autoSubmitted: { flagged: false },
        traceId: createHash('sha256').update(\`${n.provider}:\${message.id}\`).digest('hex').slice(0, 32),
      },
    };
  }
}
`;
}
