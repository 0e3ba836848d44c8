import { randomBytes } from 'node:crypto';
import type {
  WhatsappWebAck,
  WhatsappWebClientPort,
  WhatsappWebEvent,
  WhatsappWebEvents,
  WhatsappWebLidAndPhone,
  WhatsappWebMessage,
  WhatsappWebState,
} from './whatsapp-web-client.port';
import { whatsappWebChatIdOf } from './whatsapp-web-id.util';
import { whatsappWebMessage } from './whatsapp-web-message.builder';

/** What `initialize()` does: log straight in (a saved session), show a QR, fail to open, or never finish. */
export type FakeWhatsappWebStart = 'ready' | 'qr' | 'fail' | 'hang';

export interface FakeWhatsappWebSend {
  readonly chatId: string;
  readonly text: string;
  readonly quotedMessageId?: string;
  readonly message: WhatsappWebMessage;
}

type Listener = (...args: never[]) => void;

/**
 * A whatsapp-web.js Client without a browser, for tests: it emits the events with the arguments
 * whatsapp-web.js passes, in its order (`message_create` for every new message, then `message` for
 * one someone else sent; a send's `message_create` before `sendMessage` resolves), and records sends.
 */
export class FakeWhatsappWebClient implements WhatsappWebClientPort {
  readonly sent: FakeWhatsappWebSend[] = [];
  /** `@lid` → `@c.us`, answered by getContactLidAndPhone. */
  readonly lidPhones = new Map<string, string>();
  initialized = false;
  destroyed = false;
  private readonly listeners = new Map<WhatsappWebEvent, Listener[]>();
  private readonly messages = new Map<string, WhatsappWebMessage>();
  private readonly refusals = new Map<string, string>();
  private state: WhatsappWebState | null = null;
  private sequence = 0;

  constructor(
    /** The linked number in E.164. */
    readonly number: string,
    private readonly start: FakeWhatsappWebStart = 'ready',
  ) {}

  get me(): string {
    return whatsappWebChatIdOf(this.number);
  }

  on<E extends WhatsappWebEvent>(event: E, listener: (...args: WhatsappWebEvents[E]) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as Listener]);
  }

  async initialize(): Promise<void> {
    this.initialized = true;
    await Promise.resolve();
    switch (this.start) {
      case 'ready':
        this.emit('authenticated');
        this.becomeReady();
        return;
      case 'qr':
        this.showQr(`2@fake-qr-${++this.sequence},key,identity,secret,platform`);
        return;
      case 'fail':
        throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
      case 'hang':
        return new Promise<void>(() => undefined);
    }
  }

  destroy(): Promise<void> {
    this.destroyed = true;
    return Promise.resolve();
  }

  sendMessage(chatId: string, text: string, options: { readonly quotedMessageId?: string } = {}): Promise<WhatsappWebMessage> {
    if (this.destroyed || this.state !== 'CONNECTED') return Promise.reject(new Error('Evaluation failed: the page is closed'));
    const refusal = this.refusals.get(chatId);
    if (refusal !== undefined) return Promise.reject(new Error(refusal));
    const message = whatsappWebMessage({ fromMe: true, chat: chatId, me: this.me, keyId: this.nextKeyId(), body: text, ack: 0 });
    this.messages.set(message.id._serialized, message);
    this.sent.push({ chatId, text, ...(options.quotedMessageId ? { quotedMessageId: options.quotedMessageId } : {}), message });
    this.emit('message_create', message);
    return Promise.resolve(message);
  }

  getContactLidAndPhone(userIds: readonly string[]): Promise<readonly WhatsappWebLidAndPhone[]> {
    return Promise.resolve(userIds.map((id) => ({ lid: id, ...(this.lidPhones.has(id) ? { pn: this.lidPhones.get(id) } : {}) })));
  }

  getState(): Promise<WhatsappWebState | null> {
    return Promise.resolve(this.state);
  }

  // ---- test helpers: what WhatsApp Web would do ----

  showQr(code: string): void {
    this.state = 'UNPAIRED';
    this.emit('qr', code);
  }

  /** The QR was scanned (or the saved login restored). */
  becomeReady(): void {
    this.state = 'CONNECTED';
    this.emit('ready');
  }

  failAuth(message = 'restore session failure'): void {
    this.emit('auth_failure', message);
  }

  /** A customer's message arrives (whatsapp-web.js emits `message_create`, then `message`). */
  receive(message: WhatsappWebMessage): void {
    this.messages.set(message.id._serialized, message);
    this.emit('message_create', message);
    if (!message.id.fromMe) this.emit('message', message);
  }

  /** WhatsApp refuses every send to `chatId` while the Client stays connected (e.g. a number not on WhatsApp). */
  refuseSendsTo(chatId: string, reason = 'Evaluation failed: Error: the recipient cannot be reached'): void {
    this.refusals.set(chatId, reason);
  }

  /** A text typed on the linked phone itself to `chat`. */
  sendFromPhone(chat: string, text: string): WhatsappWebMessage {
    const message = whatsappWebMessage({ fromMe: true, chat, me: this.me, keyId: this.nextKeyId(), body: text, ack: 1 });
    this.receive(message);
    return message;
  }

  /** An ack for a message this Client knows (`id._serialized`). */
  ack(serializedId: string, ack: WhatsappWebAck): void {
    const message = this.messages.get(serializedId);
    if (message === undefined) throw new Error(`the fake knows no message ${serializedId}`);
    const acked = { ...message, ack };
    this.messages.set(serializedId, acked);
    this.emit('message_ack', acked, ack);
  }

  /** An ack for a message this Client did not see sent (sent by another Client of the number before a takeover). */
  ackSyncedMessage(message: WhatsappWebMessage, ack: WhatsappWebAck): void {
    this.messages.set(message.id._serialized, message);
    this.ack(message.id._serialized, ack);
  }

  /** WhatsApp ends the session (e.g. `'LOGOUT'`, `'CONFLICT'`, `'UNPAIRED'`). */
  disconnect(reason: WhatsappWebState | 'LOGOUT'): void {
    this.state = null;
    this.emit('disconnected', reason);
  }

  changeState(state: WhatsappWebState): void {
    this.state = state;
    this.emit('change_state', state);
  }

  listenerCount(event: WhatsappWebEvent): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  private emit<E extends WhatsappWebEvent>(event: E, ...args: WhatsappWebEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...values: WhatsappWebEvents[E]) => void)(...args);
  }

  /** Random, as a device's are: two Clients of one number (two replicas) never pick the same. */
  private nextKeyId(): string {
    return `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
  }
}
