/**
 * The sends of one session still under way. whatsapp-web.js emits a send's own `message_create`
 * (and may emit its first ack) before `sendMessage` resolves: those events wait for `settled()`, so
 * the message is recorded as Tributary's by then and not taken for one typed on the phone.
 */
export class WhatsappWebSendsUnderWay {
  private readonly underWay = new Set<Promise<void>>();

  /** Counts `work` as under way from before it starts, so even an event it emits at once waits for it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    let done = (): void => undefined;
    const marker = new Promise<void>((resolve) => (done = resolve));
    this.underWay.add(marker);
    try {
      return await work();
    } finally {
      this.underWay.delete(marker);
      done();
    }
  }

  /** Settles once every send under way at the time of the call has. */
  async settled(): Promise<void> {
    await Promise.all([...this.underWay]);
  }
}
