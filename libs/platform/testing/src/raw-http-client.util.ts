import { connect } from 'node:net';

/** What a hand-driven HTTP/1.1 exchange came to. */
export interface RawExchange {
  /** The status of the server's answer, if one came before the connection ended. */
  readonly status: number | undefined;
  /** Bytes the client had sent after the head when the answer (or the end) came. */
  readonly bodyBytesSent: number;
  /** When the server closed the connection, in ms from the start; undefined if it never did within `giveUpMs`. */
  readonly closedAfterMs: number | undefined;
}

export interface RawExchangeOptions {
  readonly port: number;
  /** The request line and headers, CRLF-separated, without the blank line that ends them. */
  readonly head: readonly string[];
  /** Whether the head is ended (blank line) at once; false trickles extra header lines instead of a body. */
  readonly endHead: boolean;
  /** Sent at once right after the head (a whole body, say). */
  readonly body?: string;
  /** What is sent every `intervalMs` after the head until the server answers or closes; empty sends nothing more. */
  readonly chunk: string;
  readonly intervalMs: number;
  /** The client gives up (and closes) after this long. */
  readonly giveUpMs: number;
}

/**
 * A client as slow or as bold as a test needs, over a bare socket: sends the head, then dribbles
 * `chunk` (body bytes, or more header lines) until the server answers or hangs up. It stops
 * sending once an answer starts, so "answered before the body was sent" can be measured.
 */
export function rawExchange(options: RawExchangeOptions): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(options.port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let answered = false;
    const timer = setInterval(() => {
      if (answered || socket.destroyed || options.chunk.length === 0) return;
      socket.write(options.chunk);
      if (options.endHead) sent += Buffer.byteLength(options.chunk);
    }, options.intervalMs);
    let done = false;
    const finish = (closedAfterMs: number | undefined): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(giveUp);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), bodyBytesSent: sent, closedAfterMs });
      socket.destroy();
    };
    const giveUp = setTimeout(() => finish(undefined), options.giveUpMs);
    socket.on('connect', () => {
      socket.write(`${options.head.join('\r\n')}\r\n${options.endHead ? '\r\n' : ''}`);
      if (options.body !== undefined) {
        socket.write(options.body);
        sent += Buffer.byteLength(options.body);
      }
    });
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      answered = true;
    });
    // A reset after the server answered is the server dropping the unread body: still an end.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(Date.now() - started));
  });
}
