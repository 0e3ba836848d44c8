import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: no letters that read as digits or words when spoken.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN_LENGTH = 8;
const SUBJECT_TOKEN = /\[#(T-[0-9A-HJKMNP-TV-Z]{8})\]/i;

/** A short human-readable ticket reference, e.g. `T-7K2M9QXD` (40 bits: collisions are rare, and the database rejects them). */
export function newTicketToken(): string {
  let token = 'T-';
  for (let i = 0; i < TOKEN_LENGTH; i += 1) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** How the token appears in reply subjects: `Re: [#T-7K2M9QXD] Parcel never arrived`. */
export function subjectWithToken(subject: string | undefined, token: string): string {
  const base = (subject ?? '').replace(SUBJECT_TOKEN, '').replace(/\s+/g, ' ').trim();
  return `[#${token}] ${base}`.trim();
}

/** The ticket token in a subject line, upper-cased, or null. */
export function tokenFromSubject(subject: string | undefined): string | null {
  const match = subject ? SUBJECT_TOKEN.exec(subject) : null;
  return match?.[1] ? match[1].toUpperCase() : null;
}
