import { parse as parseLegacyQuery, stringify as stringifyLegacyQuery } from 'node:querystring';

interface UrlParts {
  /** e.g. `https://` as written. */
  readonly scheme: string;
  /** `user:password@` or empty. */
  readonly userInfo: string;
  readonly host: string;
  /** `:8443` as written, or empty. */
  readonly port: string;
  /** Everything after the authority: path, query and fragment, untouched. */
  readonly rest: string;
}

/**
 * The URLs Twilio may have signed when a webhook arrives at `url`, in the order the twilio package
 * tries them: first the URL as received without and with its port (Twilio signs the URL as
 * configured, and some of its callers add `:443`/`:80` while others drop it), then the URL as the
 * WHATWG parser normalizes it (percent-encoding, lower-case host), each without and with the port,
 * and with its query re-encoded as Node's legacy `querystring` does, for URLs whose query Twilio
 * received escaped but signed unescaped or the other way round. Accepting exactly this set keeps us
 * in step with what Twilio's own SDK accepts: no more, no less.
 */
export function twilioSignedUrlCandidates(url: string): string[] {
  const candidates = [withoutPort(url), withPort(url)];
  const normalized = whatwgNormalized(url);
  if (normalized !== undefined) {
    const bare = withoutPort(normalized);
    const ported = withPort(normalized);
    candidates.push(bare, ported, withLegacyQuery(bare), withLegacyQuery(ported));
  }
  return [...new Set(candidates)];
}

/** Splits without normalizing, so the path and query keep exactly the characters Twilio signed. */
function splitUrl(url: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return undefined;
  const [prefix, scheme = '', authority = ''] = match;
  const hostStart = authority.lastIndexOf('@') + 1;
  const hostAndPort = authority.slice(hostStart);
  // In an IPv6 literal the colons inside the brackets are the address, not the port.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, hostStart),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function withoutPort(url: string): string {
  const parts = splitUrl(url);
  return parts ? `${parts.scheme}${parts.userInfo}${parts.host}${parts.rest}` : url;
}

/** The URL with its scheme's standard port written out, unless it names a port already. */
function withPort(url: string): string {
  const parts = splitUrl(url);
  if (!parts || parts.port !== '') return url;
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return `${parts.scheme}${parts.userInfo}${parts.host}${port}${parts.rest}`;
}

function whatwgNormalized(url: string): string | undefined {
  try {
    return new URL(url).toString();
  } catch {
    return undefined;
  }
}

function withLegacyQuery(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1 || queryStart === url.length - 1) return url;
  return `${url.slice(0, queryStart)}?${stringifyLegacyQuery(parseLegacyQuery(url.slice(queryStart + 1)))}`;
}
