import type { BaseConfig } from '@tributary/platform-config';
import type { Server } from 'node:http';

export type HttpServerTimeouts = Pick<BaseConfig, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'>;

/** Node checks both deadlines only this often; its default (30 s) would let a slow client overstay by that much. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/**
 * Bounds how long one connection can hold the server: a client that dribbles its headers or body
 * (one byte a second) is answered 408 and disconnected once the deadline passes. Must run before
 * `listen`: Node reads the checking interval when the server starts listening.
 */
export function applyHttpServerTimeouts(server: Server, timeouts: HttpServerTimeouts): void {
  server.headersTimeout = timeouts.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = timeouts.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = timeouts.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // A server option in @types/node, yet also a plain property Node reads at `listen`.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(MAX_CHECK_INTERVAL_MS, timeouts.HTTP_HEADERS_TIMEOUT_MS);
}
