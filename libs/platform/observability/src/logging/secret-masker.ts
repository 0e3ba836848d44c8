/** Below this, even a whole value is too common to mask (and too weak to be worth masking). */
const MIN_MASKED_VALUE_LENGTH = 4;
const REDACTED = '[redacted]';
/** `scheme://user:password@`: the password of any URL with credentials, whatever its length. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"]*:)[^\s/?#@"]+@/gi;

/**
 * Masks secrets in a serialized log line by a rule that hides them without redacting ordinary text:
 * a secret of at least MIN_SUBSTRING_LENGTH characters wherever it appears (also JSON-escaped);
 * the password of every URL with credentials (a DATABASE_URL's password even when it is short, and a
 * credentialed URL nobody declared secret); and a shorter secret where it is a whole JSON string value
 * (a field that holds the password), never inside other words.
 */
export class SecretMasker {
  /**
   * Secrets this long are masked wherever they appear. A shorter one cannot be told apart from an
   * ordinary word: the local database password `tributary` would turn every topic and consumer group
   * name into `[redacted]`, hiding what the logs are for while protecting nothing.
   */
  static readonly MIN_SUBSTRING_LENGTH = 12;

  private readonly substrings: readonly string[];
  private readonly wholeValues: readonly string[];
  /** How many secrets are too short to be masked inside text; the logger warns about them. */
  readonly weakCount: number;

  constructor(secrets: readonly string[]) {
    const distinct = [...new Set(secrets)].filter((secret) => secret.length >= MIN_MASKED_VALUE_LENGTH);
    const strong = distinct.filter((secret) => secret.length >= SecretMasker.MIN_SUBSTRING_LENGTH);
    const weak = distinct.filter((secret) => secret.length < SecretMasker.MIN_SUBSTRING_LENGTH);
    // Longest first, so a URL is masked whole before its password alone would leave the rest visible.
    this.substrings = [...new Set(strong.flatMap((secret) => [secret, jsonEscaped(secret)]))].sort((a, b) => b.length - a.length);
    this.wholeValues = [...new Set(weak.map((secret) => `"${jsonEscaped(secret)}"`))];
    this.weakCount = weak.length;
  }

  mask(line: string): string {
    let masked = line;
    for (const secret of this.substrings) masked = masked.split(secret).join(REDACTED);
    masked = masked.replace(URL_PASSWORD, `$1${REDACTED}@`);
    for (const value of this.wholeValues) masked = masked.split(value).join(`"${REDACTED}"`);
    return masked;
  }
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
