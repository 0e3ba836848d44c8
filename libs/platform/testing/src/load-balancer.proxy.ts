import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the balancer passed on, with the replica it went to and what that replica answered. */
export interface ForwardedRequest {
  readonly path: string;
  readonly target: string;
  /** The replica's answer, or 502 when it could not be reached (connection refused or reset). */
  readonly status: number;
}

/**
 * Stands in for the load balancer in front of several replicas: a provider calls one public address
 * and it forwards each request to one of the replicas it points at, in turn (round robin). While it
 * points at none, requests wait (as a balancer holds a connection while a replica comes up), so a
 * test decides which replica a callback reaches. It does no health checks: a replica that is down
 * stays in the rotation and its turn is answered 502, which the caller retries as a provider would.
 * Signatures still verify: every replica checks them against the same public URL.
 */
export class LoadBalancerProxy {
  readonly forwarded: ForwardedRequest[] = [];
  private server: Server | undefined;
  private targets: readonly string[] = [];
  private turn = 0;
  private waiting: (() => void)[] = [];

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void this.forward(request.method ?? 'GET', request.url ?? '/', request.headers, Buffer.concat(chunks)).then(
          ({ status, contentType, body }) => response.writeHead(status, { 'content-type': contentType }).end(body),
          () => response.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sends what waits, and everything after it, to this replica. */
  forwardTo(target: string): void {
    this.forwardToEach([target]);
  }

  /** Sends what waits, and everything after it, to these replicas in turn. */
  forwardToEach(targets: readonly string[]): void {
    this.targets = [...targets];
    if (targets.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((release) => release());
  }

  /** Puts a replica that came back on another address in the place of its old one. */
  replaceTarget(previous: string, next: string): void {
    this.forwardToEach(this.targets.map((target) => (target === previous ? next : target)));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async forward(method: string, url: string, incoming: NodeJS.Dict<string | string[]>, body: Buffer): Promise<{ status: number; contentType: string; body: Buffer }> {
    while (this.targets.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const target = this.targets[this.turn % this.targets.length] ?? '';
    this.turn += 1;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
    }
    const path = new URL(url, target).pathname;
    try {
      const answer = await fetch(`${target}${url}`, { method, headers, ...(body.length > 0 ? { body } : {}) });
      const answered = { status: answer.status, contentType: answer.headers.get('content-type') ?? 'text/plain', body: Buffer.from(await answer.arrayBuffer()) };
      this.forwarded.push({ path, target, status: answer.status });
      return answered;
    } catch (error) {
      this.forwarded.push({ path, target, status: 502 });
      throw error;
    }
  }
}
