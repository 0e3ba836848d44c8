export interface SplitText {
  readonly text: string;
  readonly quotedText: string | undefined;
}

/** Lines that introduce the earlier conversation in the common clients' reply formats. */
const QUOTE_HEADERS: readonly RegExp[] = [
  /^on\b.{0,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^am\b.{0,300}\bschrieb.{0,80}:\s*$/i,
  /^le\b.{0,300}\ba [ée]crit\s*:\s*$/i,
  /^el\b.{0,300}\bescribi[óo]:\s*$/i,
  /^-{2,}\s*original message\s*-{2,}\s*$/i, // Outlook
  /^-{2,}\s*urspr[üu]ngliche nachricht\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook Web's rule before "From:"
];
const FORWARD_MARKER = /^(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transf[ée]r[ée])\s*-{2,}|begin forwarded message:)\s*$/i;
const OUTLOOK_HEADER = /^(from|von|de):\s.+/i;
const OUTLOOK_FOLLOWERS = /^(sent|gesendet|envoy[ée]|date|to|an|subject|betreff):\s/i;

/**
 * Splits the customer's new text from the quoted earlier conversation. Forwards are kept whole:
 * a forwarded mail is what the customer is sending us, not history.
 */
export function splitQuotedText(body: string): SplitText {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const cut = quoteStart(lines);
  if (cut === undefined || cut === 0) return { text: body.trim(), quotedText: undefined };
  const text = lines.slice(0, cut).join('\n').trim();
  const quoted = lines.slice(cut).join('\n').trim();
  if (text === '') return { text: body.trim(), quotedText: undefined };
  return { text, quotedText: quoted === '' ? undefined : quoted };
}

function quoteStart(lines: readonly string[]): number | undefined {
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    // Everything below a forward marker is the forwarded mail itself, headers included.
    if (FORWARD_MARKER.test(line)) return undefined;
    if (QUOTE_HEADERS.some((pattern) => pattern.test(line))) return index;
    // Gmail wraps a long "On … wrote:" over two lines.
    const joined = `${line} ${(lines[index + 1] ?? '').trim()}`;
    if (/^on\b/i.test(line) && /^on\b.{0,300}\bwrote:\s*$/i.test(joined)) return index;
    if (OUTLOOK_HEADER.test(line) && OUTLOOK_FOLLOWERS.test((lines[index + 1] ?? '').trim())) return index;
    if (line.startsWith('>') && restIsQuoted(lines, index)) return index;
  }
  return undefined;
}

/** A '>' block counts as history only when nothing but quotes and blank lines follows it. */
function restIsQuoted(lines: readonly string[], from: number): boolean {
  return lines.slice(from).every((line) => line.trim() === '' || line.trimStart().startsWith('>'));
}
