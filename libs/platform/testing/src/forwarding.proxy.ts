import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands in for a TLS-terminating load balancer: Twilio calls its public address, it forwards to the
 * service under another host and port. Signatures must still verify, because the service checks them
 * against its configured public URL, not the Host it sees.
 */
export class ForwardingProxy {
  private server: Server | undefined;
  private target = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
        }
        headers['x-forwarded-proto'] = 'https';
        fetch(`${this.target}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) })
          .then(async (answer) => {
            response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
            response.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch(() => response.writeHead(502).end());
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  forwardTo(target: string): void {
    this.target = target;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
