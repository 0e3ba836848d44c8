const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * Whether a URL's host is what an allow-list entry names. Entries are an exact host
 * (`api.twilio.com`), a wildcard over subdomains (`*.twiliocdn.com`: any depth, never the bare
 * suffix itself nor `evil-twiliocdn.com`), or a host with a port (`127.0.0.1:4010`, `[::1]:4010`)
 * that matches that port only, for local emulations sharing a machine with other servers.
 */
export function hostMatchesPattern(url: URL, pattern: string): boolean {
  const host = withoutTrailingDot(url.hostname);
  const entry = pattern.toLowerCase();
  if (entry.startsWith('*.')) return host.endsWith(entry.slice(1));
  const port = /^(.*):(\d+)$/.exec(entry);
  if (port && !entry.endsWith(']')) {
    const [, name = '', number = ''] = port;
    return host === withoutTrailingDot(name) && (url.port || DEFAULT_PORTS[url.protocol]) === number;
  }
  return host === withoutTrailingDot(entry);
}

function withoutTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
