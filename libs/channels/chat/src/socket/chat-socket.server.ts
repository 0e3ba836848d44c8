import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ChatTenant } from '../identity/chat-tenant';
import { ConnectionCounter } from '../limits/connection-counter';
import { ChatCloseCode } from '../protocol/chat-close-code';
import { ChatSocketSession, type ChatSessionLimits, type ChatSessionParts } from './chat-socket.session';

/** Where the widget opens its socket: `/chat/socket?tenant=<tenant id>`. */
export const CHAT_SOCKET_PATH = '/chat/socket';

export interface ChatSocketServerOptions extends ChatSessionLimits {
  readonly tenants: ReadonlyMap<string, ChatTenant>;
  readonly heartbeatMs: number;
  readonly maxConnectionsPerIp: number;
  readonly maxConnectionsPerTenant: number;
  /** Take the client address from X-Forwarded-For (set by the load balancer in front). */
  readonly trustProxy: boolean;
}

/**
 * The widget's WebSocket endpoint on the app's own HTTP server. Refusals that need no frame (an
 * unknown tenant, an origin off the allow-list, too many sockets) complete the upgrade and close at
 * once with their code, because a browser shows a script nothing of a refused upgrade. Every
 * `heartbeatMs` each socket is pinged; one that did not answer the previous ping is terminated, so
 * a vanished client (a laptop closed) frees its slot.
 */
export class ChatSocketServer {
  private readonly wss: WebSocketServer;
  private readonly perIp: ConnectionCounter;
  private readonly perTenant: ConnectionCounter;
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => this.upgrade(request, socket, head);

  constructor(
    private readonly parts: ChatSessionParts & { readonly sweep?: () => void },
    private readonly options: ChatSocketServerOptions,
  ) {
    // ws refuses frames over maxPayload itself (1009); below that cap, a frame over the limit is ours to refuse with 4413.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(options.maxFrameBytes * 4, 64 * 1024), perMessageDeflate: false });
    this.perIp = new ConnectionCounter(options.maxConnectionsPerIp);
    this.perTenant = new ConnectionCounter(options.maxConnectionsPerTenant);
  }

  attach(server: Server): void {
    server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Closes every socket with 1001 (the widget reconnects, to another replica if this one is gone). */
  async close(server?: Server): Promise<void> {
    server?.off('upgrade', this.onUpgrade);
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.close(ChatCloseCode.GoingAway, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** Open sockets on this replica. */
  get size(): number {
    return this.wss.clients.size;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== CHAT_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request, url.searchParams.get('tenant') ?? ''));
  }

  private accept(ws: WebSocket, request: IncomingMessage, tenantId: string): void {
    const tenant = this.options.tenants.get(tenantId);
    if (!tenant) return ws.close(ChatCloseCode.UnknownTenant, 'unknown tenant');
    const origin = request.headers.origin;
    if (!tenant.origins.includes('*') && (origin === undefined || !tenant.origins.includes(origin))) return ws.close(ChatCloseCode.OriginNotAllowed, 'origin not allowed');
    const ip = this.clientAddress(request);
    if (!this.perIp.acquire(ip)) return ws.close(ChatCloseCode.TooManyConnections, 'too many sockets from this address');
    if (!this.perTenant.acquire(tenant.tenantId)) {
      this.perIp.release(ip);
      return ws.close(ChatCloseCode.TooManyConnections, 'too many sockets for this tenant');
    }
    const session = new ChatSocketSession(ws, tenant, this.parts, this.options);
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        ws.close(ChatCloseCode.BadFrame, 'binary frames are not part of the protocol');
        return;
      }
      void session.receive(toBuffer(data));
    });
    ws.on('error', (error) => this.parts.onError('ChatSocket', error));
    ws.once('close', () => {
      session.closed();
      this.perIp.release(ip);
      this.perTenant.release(tenant.tenantId);
    });
  }

  private beat(): void {
    for (const ws of this.wss.clients) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
    this.parts.sweep?.();
  }

  private clientAddress(request: IncomingMessage): string {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    return this.options.trustProxy && first ? first : (request.socket.remoteAddress ?? 'unknown');
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
