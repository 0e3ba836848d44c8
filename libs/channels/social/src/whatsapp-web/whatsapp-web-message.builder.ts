import type { WhatsappWebAck, WhatsappWebMessage } from './whatsapp-web-client.port';

export interface WhatsappWebMessageOptions {
  readonly fromMe?: boolean;
  /** The chat (`…@c.us`, `…@lid`, `…@g.us`, `status@broadcast`). */
  readonly chat: string;
  /** The linked number's own id, `…@c.us`. */
  readonly me: string;
  readonly keyId: string;
  readonly body?: string;
  readonly type?: string;
  readonly timestamp?: number;
  readonly ack?: WhatsappWebAck;
  readonly author?: string;
  readonly hasMedia?: boolean;
  readonly isStatus?: boolean;
  readonly location?: WhatsappWebMessage['location'];
  readonly vCards?: readonly string[];
}

/**
 * A message shaped as whatsapp-web.js's `Message` builds it (src/structures/Message.js): `from` is the
 * chat for messages received and our own id for messages sent, `to` the other way round, and
 * `id._serialized` is `<fromMe>_<chat>_<key id>`.
 */
export function whatsappWebMessage(options: WhatsappWebMessageOptions): WhatsappWebMessage {
  const fromMe = options.fromMe ?? false;
  const isStatus = options.isStatus ?? options.chat === 'status@broadcast';
  return {
    id: { fromMe, remote: options.chat, id: options.keyId, _serialized: `${String(fromMe)}_${options.chat}_${options.keyId}` },
    ack: options.ack ?? (fromMe ? 0 : 1),
    body: options.body ?? '',
    type: options.type ?? 'chat',
    timestamp: options.timestamp ?? 1_796_000_000,
    from: fromMe ? options.me : options.chat,
    to: fromMe ? options.chat : options.me,
    ...(options.author ? { author: options.author } : {}),
    fromMe,
    hasMedia: options.hasMedia ?? false,
    hasQuotedMsg: false,
    isStatus,
    broadcast: false,
    isForwarded: false,
    ...(options.location ? { location: options.location } : {}),
    vCards: options.vCards ?? [],
  };
}
