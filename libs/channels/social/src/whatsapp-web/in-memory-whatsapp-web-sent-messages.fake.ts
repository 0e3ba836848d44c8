import type { WhatsappWebSentMessage, WhatsappWebSentMessagesPort } from './whatsapp-web-sent-message';

/** The sent-messages table in memory, for unit tests of sessions and the sender. */
export class InMemoryWhatsappWebSentMessages implements WhatsappWebSentMessagesPort {
  readonly rows = new Map<string, WhatsappWebSentMessage>();

  record(sent: WhatsappWebSentMessage): Promise<void> {
    const key = `${sent.number} ${sent.keyId}`;
    if (!this.rows.has(key)) this.rows.set(key, sent);
    return Promise.resolve();
  }

  find(number: string, keyId: string): Promise<WhatsappWebSentMessage | undefined> {
    return Promise.resolve(this.rows.get(`${number} ${keyId}`));
  }
}
