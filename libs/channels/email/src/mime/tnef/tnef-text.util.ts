import { TextDecoder } from 'node:util';
import { MapiType } from './tnef-ids';

/** Windows code pages that WHATWG encoding names differently from `windows-<n>`. */
const CODEPAGE_LABELS: ReadonlyMap<number, string> = new Map([
  [932, 'shift_jis'],
  [936, 'gbk'],
  [949, 'euc-kr'],
  [950, 'big5'],
  [20127, 'us-ascii'],
  [28591, 'iso-8859-1'],
  [65001, 'utf-8'],
]);

/**
 * Windows-1252's 0x80-0x9F; Node 20's TextDecoder reads that label as ISO-8859-1 and leaves C1
 * control characters where Outlook wrote €, quotes and dashes. Undefined bytes stay as they are.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** 8-bit TNEF strings are in the sender's code page (attOemCodepage); unknown pages read as 1252. */
export function decodeCodepage(bytes: Buffer, codepage: number): string {
  const label = CODEPAGE_LABELS.get(codepage) ?? `windows-${codepage}`;
  if (label === 'windows-1252') return stripNuls(bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80] ?? char));
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return decodeCodepage(bytes, 1252);
  }
  return stripNuls(decoder.decode(bytes));
}

/** A MAPI string value: UTF-16LE for PT_UNICODE, the code page for PT_STRING8 and binary. */
export function decodeMapiString(bytes: Buffer, type: number, codepage: number): string {
  return type === MapiType.Unicode ? stripNuls(bytes.toString('utf16le')) : decodeCodepage(bytes, codepage);
}

/** C strings end in NUL, and some senders pad with more. */
function stripNuls(text: string): string {
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}
