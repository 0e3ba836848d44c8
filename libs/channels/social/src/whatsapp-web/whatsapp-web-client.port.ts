/**
 * The part of a whatsapp-web.js `Client` Tributary uses, so sessions, the normalizer and the sender
 * are written against this port and tested with a fake that emits the same shapes. The shapes are
 * copied from whatsapp-web.js 1.34's `index.d.ts` (`Message`, `MessageId`, `MessageAck`, `WAState`)
 * and `src/Client.js` (what each event really passes), keeping only the fields Tributary reads.
 */

/** whatsapp-web.js's `MessageAck`: how far a message we sent has come. */
export const WHATSAPP_WEB_ACK = {
  ERROR: -1,
  PENDING: 0,
  SERVER: 1,
  DEVICE: 2,
  READ: 3,
  PLAYED: 4,
} as const;
export type WhatsappWebAck = (typeof WHATSAPP_WEB_ACK)[keyof typeof WHATSAPP_WEB_ACK];

/** whatsapp-web.js's `MessageId`: `_serialized` is `<fromMe>_<remote>_<id>`, e.g. `false_4915…@c.us_3EB0…`. */
export interface WhatsappWebMessageId {
  readonly fromMe: boolean;
  /** The chat: `<digits>@c.us` (a number), `<digits>@lid` (a hidden number), `…@g.us` (a group), `status@broadcast`. */
  readonly remote: string;
  /** The message key id, chosen by the sending device. */
  readonly id: string;
  readonly _serialized: string;
}

/** whatsapp-web.js's `Location` (only for `type: 'location'`); coordinates arrive as given by WhatsApp. */
export interface WhatsappWebLocation {
  readonly latitude: number | string;
  readonly longitude: number | string;
  readonly name?: string;
  readonly address?: string;
  readonly url?: string;
}

/** whatsapp-web.js's `Message`, the fields Tributary reads. */
export interface WhatsappWebMessage {
  readonly id: WhatsappWebMessageId;
  readonly ack: WhatsappWebAck;
  /** The text, or a media message's caption (empty when it has none). */
  readonly body: string;
  /** `MessageTypes`: `chat`, `image`, `video`, `audio`, `ptt`, `document`, `sticker`, `location`, `vcard`, … */
  readonly type: string;
  /** Unix seconds, as the sending device says. */
  readonly timestamp: number;
  /** The chat for messages we sent; the sender otherwise (`…@c.us` or `…@lid`, or the group). */
  readonly from: string;
  readonly to: string;
  /** Set when the message was written in a group: the member who wrote it. */
  readonly author?: string;
  readonly fromMe: boolean;
  readonly hasMedia: boolean;
  readonly hasQuotedMsg: boolean;
  readonly isStatus: boolean;
  readonly broadcast?: boolean;
  readonly isForwarded?: boolean;
  readonly location?: WhatsappWebLocation;
  readonly vCards?: readonly string[];
}

/** The `WAState` values whatsapp-web.js reports in `change_state` (and as a `disconnected` reason). */
export type WhatsappWebState =
  | 'CONFLICT'
  | 'CONNECTED'
  | 'DEPRECATED_VERSION'
  | 'OPENING'
  | 'PAIRING'
  | 'PROXYBLOCK'
  | 'SMB_TOS_BLOCK'
  | 'TIMEOUT'
  | 'TOS_BLOCK'
  | 'UNLAUNCHED'
  | 'UNPAIRED'
  | 'UNPAIRED_IDLE';

/** Each event Tributary listens to, with the arguments whatsapp-web.js passes (see Client.js). */
export interface WhatsappWebEvents {
  /** A new login QR (the first one, then every refresh until it is scanned). */
  qr: [qr: string];
  authenticated: [];
  /** Restoring the saved session failed; whatsapp-web.js destroys the browser and may start over. */
  auth_failure: [message: string];
  ready: [];
  /** A state outside CONNECTED/OPENING/PAIRING/TIMEOUT, or the two reasons Client.js writes itself. */
  disconnected: [reason: WhatsappWebState | 'LOGOUT' | 'Max qrcode retries reached'];
  /** A message someone else sent (never ours). */
  message: [message: WhatsappWebMessage];
  /** Every new message, ours included: from Tributary's sends and from the phone itself. */
  message_create: [message: WhatsappWebMessage];
  message_ack: [message: WhatsappWebMessage, ack: WhatsappWebAck];
  change_state: [state: WhatsappWebState];
}
export type WhatsappWebEvent = keyof WhatsappWebEvents;

/** `getContactLidAndPhone`'s answer: serialized ids, either missing when WhatsApp does not know it. */
export interface WhatsappWebLidAndPhone {
  readonly lid?: string;
  readonly pn?: string;
}

/** The Client, as Tributary drives it. */
export interface WhatsappWebClientPort {
  /** Launches the browser, opens WhatsApp Web and logs in; rejects when that fails. */
  initialize(): Promise<void>;
  /** Closes the browser; safe to call at any point, also while `initialize` is still running. */
  destroy(): Promise<void>;
  on<E extends WhatsappWebEvent>(event: E, listener: (...args: WhatsappWebEvents[E]) => void): void;
  sendMessage(chatId: string, text: string, options?: { readonly quotedMessageId?: string }): Promise<WhatsappWebMessage>;
  /** Maps `…@lid` ids to phone numbers (`…@c.us`), one answer per id in order. */
  getContactLidAndPhone(userIds: readonly string[]): Promise<readonly WhatsappWebLidAndPhone[]>;
  /** The connection state, or null before WhatsApp Web has loaded. */
  getState(): Promise<WhatsappWebState | null>;
}
