import type { TelegramChatJson, TelegramMessageJson, TelegramUpdateJson } from './telegram-update.builder';

export interface EmulatedChat {
  readonly chat: TelegramChatJson;
  /** Every message of the chat, the customer's and the bot's, by id: what a reply may quote. */
  readonly messages: Map<number, TelegramMessageJson>;
  nextMessageId: number;
  /** The customer blocked the bot (private chats only): sends are refused with 403. */
  blocked: boolean;
}

export interface EmulatedFile {
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly filePath: string;
  readonly bytes: Buffer;
}

export interface EmulatedWebhook {
  readonly url: string;
  readonly secretToken?: string;
  readonly allowedUpdates?: readonly string[];
}

interface UpdateWaiter {
  readonly wake: () => void;
  readonly conflict: () => void;
}

/**
 * One bot's side of the Bot API: its chats, files, the queue of updates not yet confirmed, and its
 * webhook. Updates leave the queue only when confirmed: by a getUpdates whose offset is above their
 * id, or by a webhook call answered 2xx, as on Telegram, where unconfirmed updates wait 24 hours.
 */
export class EmulatedTelegramBot {
  readonly chats = new Map<number, EmulatedChat>();
  readonly files = new Map<string, EmulatedFile>();
  /** Unconfirmed, oldest first. */
  readonly queue: TelegramUpdateJson[] = [];
  webhook: EmulatedWebhook | undefined;
  /** The last allowed_updates given to getUpdates; Telegram keeps it for later calls. */
  allowedUpdates: readonly string[] | undefined;
  private nextUpdateId: number;
  private waiter: UpdateWaiter | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly id: number,
    readonly username: string,
    readonly token: string,
    firstUpdateId: number,
  ) {
    this.nextUpdateId = firstUpdateId;
  }

  chat(chat: TelegramChatJson): EmulatedChat {
    let known = this.chats.get(chat.id);
    if (known === undefined) {
      known = { chat, messages: new Map(), nextMessageId: 1, blocked: false };
      this.chats.set(chat.id, known);
    }
    return known;
  }

  takeUpdateId(): number {
    const id = this.nextUpdateId;
    this.nextUpdateId += 1;
    return id;
  }

  enqueue(update: TelegramUpdateJson): void {
    this.queue.push(update);
    this.waiter?.wake();
    for (const listener of this.listeners) listener();
  }

  /** Told of every update queued (the webhook delivery loop). */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** getUpdates' offset: every update below it is confirmed and forgotten; a negative one keeps only the last -offset. */
  confirmBelow(offset: number): void {
    if (offset < 0) {
      this.queue.splice(0, Math.max(0, this.queue.length + offset));
      return;
    }
    while (this.queue.length > 0 && (this.queue[0]?.update_id ?? Infinity) < offset) this.queue.shift();
  }

  confirm(updateId: number): void {
    const index = this.queue.findIndex((update) => update.update_id === updateId);
    if (index >= 0) this.queue.splice(index, 1);
  }

  deliverable(limit: number, allowed: readonly string[] | undefined): TelegramUpdateJson[] {
    // An empty list means every kind, as on Telegram.
    const kinds = allowed && allowed.length > 0 ? allowed : undefined;
    return this.queue.filter((update) => kinds === undefined || Object.keys(update).some((key) => key !== 'update_id' && kinds.includes(key))).slice(0, limit);
  }

  /**
   * Waits (a long poll) until an update arrives or `timeoutMs` passes; resolves `conflict` when a
   * newer getUpdates takes over, which Telegram answers with 409 to the older one.
   */
  waitForUpdates(timeoutMs: number): Promise<'updates' | 'timeout' | 'conflict'> {
    this.waiter?.conflict();
    return new Promise((resolve) => {
      const done = (outcome: 'updates' | 'timeout' | 'conflict'): void => {
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      const waiter: UpdateWaiter = { wake: () => done('updates'), conflict: () => done('conflict') };
      this.waiter = waiter;
    });
  }

  /** Ends a waiting long poll (the emulation is stopping, or a webhook was set). */
  endWait(): void {
    this.waiter?.wake();
  }
}
