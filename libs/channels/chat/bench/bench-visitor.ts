import WebSocket from 'ws';

/** What the bench learns from one visitor's socket; every callback runs in the bench's process. */
export interface BenchVisitorEvents {
  /** The server acknowledged a message (stored and handed off to Kafka). */
  onAck(clientMessageId: string): void;
  /** An agent's reply arrived; `text` is what the bench published. */
  onReply(text: string): void;
  /** An error frame (rate_limited, unavailable, message_invalid); the bench resends as the widget does. */
  onErrorFrame(code: string, clientMessageId: string | undefined, retryAfterMs: number | undefined): void;
  /** The socket closed after its welcome, by the server or the network. */
  onUnexpectedClose(code: number): void;
}

export interface BenchWelcome {
  readonly conversationId: string;
  readonly visitorId: string;
}

/**
 * One visitor's socket as the bench drives it: hello (signed or anonymous), messages, an ack and a
 * read watermark for each agent reply as the widget sends them. `welcomed` settles with the welcome,
 * or rejects with the close code when the socket is refused.
 */
export class BenchVisitor {
  readonly welcomed: Promise<BenchWelcome>;
  private readonly socket: WebSocket;
  private ending = false;

  constructor(socketUrl: string, token: string | undefined, events: BenchVisitorEvents) {
    this.socket = new WebSocket(socketUrl, { headers: { origin: 'https://bench.example.com' } });
    this.welcomed = new Promise<BenchWelcome>((resolve, reject) => {
      let welcomed = false;
      this.socket.once('open', () => this.socket.send(JSON.stringify({ type: 'hello', ...(token ? { token } : {}) })));
      this.socket.on('error', (error) => reject(error));
      this.socket.once('close', (code: number) => {
        if (!welcomed) reject(new Error(`closed ${code} before welcome`));
        else if (!this.ending) events.onUnexpectedClose(code);
      });
      this.socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        switch (frame['type']) {
          case 'welcome':
            welcomed = true;
            resolve({ conversationId: String(frame['conversationId']), visitorId: String(frame['visitorId']) });
            return;
          case 'ack':
            events.onAck(String(frame['clientMessageId']));
            return;
          case 'error':
            events.onErrorFrame(
              String(frame['code']),
              typeof frame['clientMessageId'] === 'string' ? frame['clientMessageId'] : undefined,
              typeof frame['retryAfterMs'] === 'number' ? frame['retryAfterMs'] : undefined,
            );
            return;
          case 'event':
            if (frame['author'] !== 'agent') return;
            this.socket.send(JSON.stringify({ type: 'ack', seq: frame['seq'] }));
            this.socket.send(JSON.stringify({ type: 'read', seq: frame['seq'] }));
            events.onReply(String(frame['text']));
            return;
          default:
            return;
        }
      });
    });
    // A refusal is counted by whoever awaits `welcomed`; it must not surface as unhandled meanwhile.
    this.welcomed.catch(() => undefined);
  }

  send(clientMessageId: string, text: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'msg', clientMessageId, text }));
  }

  /** Closes the socket and waits until it is closed (terminated if the close handshake stalls). */
  async close(): Promise<void> {
    this.ending = true;
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.socket.close(1000, 'bench done');
    const timer = setTimeout(() => this.socket.terminate(), 5_000);
    await closed;
    clearTimeout(timer);
  }
}
