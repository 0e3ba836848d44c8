import type { ProviderNames } from '../provider-names';

/** `<provider>-payload.schema.ts`: the inbound message webhook as the provider posts it. */
export function payloadSchemaTemplate(n: ProviderNames): string {
  return `import { z } from 'zod';

/**
 * One customer message as ${n.provider} posts it to the message webhook. A generated placeholder:
 * shape it after ${n.provider}'s documented payload; the normalizer reads nothing else.
 */
export const ${n.pascal}PayloadSchema = z.object({
  type: z.literal('message'),
  message: z.object({
    /** ${n.provider}'s id of the message: the dedupe key, so a redelivered webhook is stored once. */
    id: z.string().min(1).max(256),
    from: z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() }),
    /** The address, number, page or bot that received it: it names the tenant. */
    to: z.string().min(1).max(512),
    conversationId: z.string().min(1).max(512).optional(),
    text: z.string().max(256 * 1024),
    sentAt: z.iso.datetime({ offset: true }).optional(),
  }),
});

export type ${n.pascal}Payload = z.infer<typeof ${n.pascal}PayloadSchema>;
`;
}
