import { isIP } from 'node:net';

/**
 * True for names that can only mean this machine: `localhost` (and `*.localhost`, which RFC 6761
 * reserves for it), 127.0.0.0/8 and ::1. Accepts a URL's `hostname`, IPv6 in brackets or not.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}
