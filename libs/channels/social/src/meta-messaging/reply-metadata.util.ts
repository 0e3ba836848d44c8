import { z } from 'zod';

const PREFIX = 'tributary1:';
const OutboundIdSchema = z.uuid();

/**
 * The Send API's `message.metadata` for a reply: "a custom string that is delivered as a message echo",
 * at most 1,000 characters (Messenger Send API reference, `message.metadata`). Tributary writes its
 * outbound id there, so the echo of its own send is known by the echo alone — even when Meta's echo
 * webhook arrives before the Send API has answered, when no record of the send exists yet.
 */
export function encodeReplyMetadata(outboundId: string): string {
  return `${PREFIX}${outboundId}`;
}

/** The reply an echo is of, or undefined for a message written elsewhere (Meta's inbox, another tool). */
export function decodeReplyMetadata(metadata: string | undefined): string | undefined {
  if (metadata === undefined || !metadata.startsWith(PREFIX)) return undefined;
  const parsed = OutboundIdSchema.safeParse(metadata.slice(PREFIX.length));
  return parsed.success ? parsed.data : undefined;
}
