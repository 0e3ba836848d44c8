import { z } from 'zod';

/** A client message id: the widget's own, reused on every resend of one message. */
const ClientMessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters of A-Z a-z 0-9 _ -');
const SeqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** The frames a widget sends, as JSON text frames. Unknown fields are refused: the protocol is ours. */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    /** The tenant-signed JWT, or the anonymous token the server issued earlier; absent asks for a new anonymous one. */
    token: z.string().min(1).max(4096).optional(),
    /** The highest `seq` the widget has shown; the server replays everything after it. */
    lastSeq: SeqSchema.default(0),
  }),
  z.strictObject({
    type: z.literal('msg'),
    clientMessageId: ClientMessageIdSchema,
    text: z.string(),
    /** The visitor's uploads (ids from `POST /chat/uploads`); text may be empty when there is one. */
    attachments: z.array(z.strictObject({ attachmentId: z.string().min(1).max(128) })).max(10).default([]),
    /** The email an unsigned visitor typed into the offline form (tenants with `offlineForm` only). Unverified. */
    contactEmail: z.email().max(254).optional(),
  }),
  /** The widget shows an event (an agent's reply): it counts as delivered. */
  z.strictObject({ type: z.literal('ack'), seq: SeqSchema }),
  z.strictObject({ type: z.literal('typing'), active: z.boolean() }),
  /** The visitor has seen everything up to `seq`: replies at or below it count as read. */
  z.strictObject({ type: z.literal('read'), seq: SeqSchema }),
]);

export type ClientFrame = z.infer<typeof ClientFrameSchema>;
export type ClientFrameType = ClientFrame['type'];
