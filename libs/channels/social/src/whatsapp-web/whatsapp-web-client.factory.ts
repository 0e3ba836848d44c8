import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, LocalAuth, type Message } from 'whatsapp-web.js';
import type {
  WhatsappWebAck,
  WhatsappWebClientPort,
  WhatsappWebEvent,
  WhatsappWebEvents,
  WhatsappWebLidAndPhone,
  WhatsappWebMessage,
  WhatsappWebState,
} from './whatsapp-web-client.port';

/** Chromium flags for a headless server: no GPU, no background updates or sync that would phone home. */
export const WHATSAPP_WEB_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Longest wait, after a destroy, for an `initialize` still launching the browser to give it up. */
const LATE_BROWSER_WAIT_MS = 10_000;
/** Chromium's profile locks, named after the host and pid that held them. */
const PROFILE_LOCKS = ['SingletonLock', 'SingletonSocket', 'SingletonCookie'];

export interface WhatsappWebClientFactoryOptions {
  /** WHATSAPP_WEB_AUTH_DIR: LocalAuth keeps each number's login under `session-<digits>` here. */
  readonly authDir: string;
  /** WHATSAPP_WEB_CHROMIUM_PATH: Debian's chromium; never a downloaded browser. */
  readonly chromiumPath: string;
  /** More Chromium flags (e.g. a proxy). */
  readonly extraChromiumArgs?: readonly string[];
}

/** Builds the real whatsapp-web.js Client for a number (E.164), behind the port. */
export function whatsappWebClientFactory(options: WhatsappWebClientFactoryOptions): (number: string) => WhatsappWebClientPort {
  return (number) => {
    const clientId = number.replace(/\D/g, '');
    // Only the lease holder gets here, so a lock left by a holder that died (on another pod sharing the
    // volume, whose Chromium would otherwise refuse the profile as "in use on another computer") is stale.
    for (const lock of PROFILE_LOCKS) rmSync(join(options.authDir, `session-${clientId}`, lock), { force: true });
    const client = new Client({
      authStrategy: new LocalAuth({ clientId, dataPath: options.authDir }),
      // The page's version is cached on the volume too, not in the working directory.
      webVersionCache: { type: 'local', path: join(options.authDir, 'web-cache') },
      puppeteer: {
        executablePath: options.chromiumPath,
        headless: true,
        args: [...WHATSAPP_WEB_CHROMIUM_ARGS, ...(options.extraChromiumArgs ?? [])],
      },
    });
    return new WhatsappWebJsClientAdapter(client);
  };
}

/**
 * The port over a real Client. Messages are copied into the port's plain shape (the Client's carry the
 * whole page binding). `destroy` also closes a browser whose launch was still under way: whatsapp-web.js
 * only knows its browser once puppeteer's launch resolved, so a destroy during it would find none and
 * leave Chromium running.
 */
class WhatsappWebJsClientAdapter implements WhatsappWebClientPort {
  private initializing: Promise<void> | undefined;

  constructor(private readonly client: Client) {}

  initialize(): Promise<void> {
    this.initializing = this.client.initialize();
    return this.initializing;
  }

  async destroy(): Promise<void> {
    await this.client.destroy();
    const pending = this.initializing;
    if (pending === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pending.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, LATE_BROWSER_WAIT_MS)))]);
    clearTimeout(timer);
    await this.client.destroy();
  }

  on<E extends WhatsappWebEvent>(event: E, listener: (...args: WhatsappWebEvents[E]) => void): void {
    const forward = listener as (...args: unknown[]) => void;
    switch (event) {
      case 'message':
      case 'message_create':
        this.client.on(event, (message: Message) => forward(portMessage(message)));
        return;
      case 'message_ack':
        this.client.on(event, (message: Message, ack: number) => forward(portMessage(message), portAck(ack)));
        return;
      case 'qr':
      case 'authenticated':
      case 'auth_failure':
      case 'ready':
      case 'disconnected':
      case 'change_state':
        this.client.on(event, forward);
    }
  }

  async sendMessage(chatId: string, text: string, options: { readonly quotedMessageId?: string } = {}): Promise<WhatsappWebMessage> {
    const sent = await this.client.sendMessage(chatId, text, options.quotedMessageId ? { quotedMessageId: options.quotedMessageId } : {});
    return portMessage(sent);
  }

  async getContactLidAndPhone(userIds: readonly string[]): Promise<readonly WhatsappWebLidAndPhone[]> {
    const answers = await this.client.getContactLidAndPhone([...userIds]);
    // Declared as strings, but either is missing when WhatsApp does not know it.
    return answers.map((answer) => ({ ...(answer.lid ? { lid: answer.lid } : {}), ...(answer.pn ? { pn: answer.pn } : {}) }));
  }

  async getState(): Promise<WhatsappWebState | null> {
    try {
      return await this.client.getState();
    } catch {
      // No page yet (or any more): no state to tell.
      return null;
    }
  }
}

function portAck(ack: number): WhatsappWebAck {
  return ack === -1 || ack === 0 || ack === 1 || ack === 2 || ack === 3 || ack === 4 ? ack : 0;
}

function portMessage(message: Message): WhatsappWebMessage {
  const location = message.location as Message['location'] | undefined;
  return {
    id: { fromMe: message.id.fromMe, remote: message.id.remote, id: message.id.id, _serialized: message.id._serialized },
    ack: portAck(message.ack),
    body: message.body,
    type: message.type,
    timestamp: message.timestamp,
    from: message.from,
    to: message.to,
    ...(message.author ? { author: message.author } : {}),
    fromMe: message.fromMe,
    hasMedia: message.hasMedia,
    hasQuotedMsg: message.hasQuotedMsg,
    isStatus: message.isStatus,
    broadcast: message.broadcast,
    isForwarded: message.isForwarded,
    ...(location
      ? {
          location: {
            latitude: location.latitude,
            longitude: location.longitude,
            ...(location.name ? { name: location.name } : {}),
            ...(location.address ? { address: location.address } : {}),
            ...(location.url ? { url: location.url } : {}),
          },
        }
      : {}),
    vCards: message.vCards,
  };
}
