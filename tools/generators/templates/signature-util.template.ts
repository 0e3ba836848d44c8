import type { ProviderNames } from '../provider-names';

/** `<provider>-signature.util.ts`: how the provider signs a webhook, shared by the verifier and the emulator. */
export function signatureUtilTemplate(n: ProviderNames): string {
  return `import { createHmac } from 'node:crypto';

/**
 * The header ${n.provider} signs its webhooks in. A generated default (HMAC-SHA256 of the raw body,
 * as Meta and GitHub sign): replace it with what ${n.provider} documents.
 */
export const ${n.constant}_SIGNATURE_HEADER = 'x-${n.provider}-signature';

/** The header's value for a body: \`sha256=\` and the lower-case hex HMAC-SHA256 of the exact bytes. */
export function ${n.camel}Signature(secret: string, rawBody: Buffer): string {
  return \`sha256=\${createHmac('sha256', secret).update(rawBody).digest('hex')}\`;
}
`;
}
