import { z } from 'zod';

// Written without the regex `u` flag, so zod, and every JSON Schema validator that compiles the
// published `pattern` as it stands (ajv, Python's re), read it alike: a non-ASCII letter is one
// UTF-16 code unit of the Basic Multilingual Plane above U+00A0 (surrogates left out, so lengths
// and matches cannot differ between validators that count code points and those that count units).
const NON_ASCII = '\\u00a1-\\ud7ff\\ue000-\\uffff';
/** RFC 5322 atext: what an unquoted local part is made of, between dots. */
const ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-";
const DOT_ATOM_LOCAL = `[${ATEXT}]+(?:\\.[${ATEXT}]+)*`;
/** RFC 5322 quoted-string without folding: printable ASCII and spaces, `"` and `\\` only escaped. */
const QUOTED_LOCAL = '"(?:[ !#-\\[\\]-~]|\\\\[ -~])+"';
const LABEL = `[A-Za-z0-9${NON_ASCII}][A-Za-z0-9${NON_ASCII}\\-]*`;
/** A top-level label starts with a letter (ASCII or not) and has two characters at least: `com`, `xn--p1ai`, `рф`. */
const TOP_LABEL = `[A-Za-z${NON_ASCII}][A-Za-z0-9${NON_ASCII}\\-]+`;

/**
 * An addr-spec as a mail writes it: a dot-atom or quoted local part (`jane.doe`, `"john smith"`),
 * `@`, and a domain of two labels or more, ASCII or internationalized (`bücher.example`, as well as
 * its A-label `xn--bcher-kva.example`), with or without the trailing dot of an absolute name.
 * Everything zod's `z.email()` accepted (v1's first rule) is still accepted. Not accepted: domain
 * literals (`[192.0.2.1]`), comments, non-ASCII local parts, and characters outside the BMP.
 */
export const EMAIL_ADDRESS_PATTERN = new RegExp(`^(?:${DOT_ATOM_LOCAL}|${QUOTED_LOCAL})@(?:${LABEL}\\.)+${TOP_LABEL}\\.?$`);

/** No capital ASCII letter; what a domain's other letters fold to is the identity normalization's (IDNA) to say. */
export const NO_ASCII_CAPITALS = /^[^A-Z]*$/;

/**
 * An email identity: the address as the mail wrote it, lower-cased so letter case never splits a
 * contact. The router's identity normalization matches the forms of one mailbox (trailing dot,
 * A-label and U-label, needless quotes) to one contact.
 */
export const EmailIdentityValueSchema = z
  .string()
  .regex(EMAIL_ADDRESS_PATTERN, 'must be an email address (RFC 5322 addr-spec: dot-atom or quoted local part, a domain of two labels or more)')
  .refine((value) => NO_ASCII_CAPITALS.test(value), 'must be lower-case');
