import { domainToASCII } from 'node:url';

/** RFC 5322 atext, dot-separated: a local part that needs no quotes. */
const DOT_ATOM = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * The one form of an email address under which a contact is matched: lower-cased (case never
 * splits a contact), the trailing dot of an absolute domain dropped, an internationalized domain as
 * its A-label (`bücher.example` and `xn--bcher-kva.example` are one mailbox; an ASCII domain is
 * left as it was, so contacts stored before keep their key), and quotes a local part does not need
 * removed (`"jane"@x` is `jane@x`). The message itself keeps the address as the mail wrote it.
 */
export function canonicalEmailAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  return `${canonicalLocalPart(lower.slice(0, at))}@${canonicalDomain(lower.slice(at + 1))}`;
}

function canonicalDomain(domain: string): string {
  const absolute = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (!/[^\x00-\x7f]/.test(absolute)) return absolute;
  // '' when IDNA refuses the name: then the name as written is the only form there is.
  return domainToASCII(absolute) || absolute;
}

function canonicalLocalPart(local: string): string {
  if (local.length < 2 || !local.startsWith('"') || !local.endsWith('"')) return local;
  const unescaped = local.slice(1, -1).replace(/\\(.)/g, '$1');
  return DOT_ATOM.test(unescaped) ? unescaped : local;
}
