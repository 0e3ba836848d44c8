import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from './app-process.util';
import { LoadBalancerProxy } from './load-balancer.proxy';

async function replica(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('LoadBalancerProxy', () => {
  const proxy = new LoadBalancerProxy();
  const servers: Server[] = [];
  afterAll(async () => {
    await proxy.stop();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('sends requests to its replicas in turn, answers 502 for one that is down, and takes a replica back on its new address', async () => {
    const publicUrl = await proxy.start();
    const a = await replica('a');
    const b = await replica('b');
    servers.push(a.server, b.server);
    const down = `http://127.0.0.1:${await freePort()}`;
    const answer = async (): Promise<string> => {
      const response = await fetch(`${publicUrl}/hook`, { method: 'POST', body: 'x' });
      return `${response.status} ${await response.text()}`;
    };

    proxy.forwardToEach([a.url, down]);
    expect([await answer(), await answer(), await answer()]).toEqual(['200 a', '502 ', '200 a']);
    proxy.replaceTarget(down, b.url);
    expect([await answer(), await answer()]).toEqual(['200 b', '200 a']);
    expect(proxy.forwarded.map((request) => `${request.path} ${request.status}`)).toEqual(['/hook 200', '/hook 502', '/hook 200', '/hook 200', '/hook 200']);
  });
});
