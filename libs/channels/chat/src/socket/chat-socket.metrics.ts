import { Gauge, type Registry } from 'prom-client';

/** The sockets a replica holds, read at scrape time: what the connection limits are sized against. */
export class ChatSocketMetrics {
  readonly open: Gauge;

  constructor(registry: Registry, sockets: { readonly size: number }) {
    this.open = new Gauge({
      name: 'tributary_chat_sockets_open',
      help: 'Widget WebSockets open on this replica',
      registers: [registry],
      collect() {
        this.set(sockets.size);
      },
    });
  }
}
