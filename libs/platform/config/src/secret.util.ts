import { z } from 'zod';

/** Variables whose values must never reach a log line (passwords, URLs with credentials, tokens). */
const secretRegistry = z.registry<{ secret: true }>();

export function secret<T extends z.ZodType>(schema: T): T {
  secretRegistry.add(schema, { secret: true });
  return schema;
}

export function isSecret(schema: z.ZodType): boolean {
  return secretRegistry.has(schema);
}

/**
 * Every non-empty secret value of a loaded configuration (a URL's password too), for the logger to
 * mask. Short values are listed as well; how to mask them without redacting ordinary words that
 * contain them (a password `tributary` in every topic name) is the masker's rule, not this list's.
 */
export function secretValues(schema: z.ZodObject, env: NodeJS.ProcessEnv): string[] {
  const values: string[] = [];
  for (const [name, field] of Object.entries(schema.shape)) {
    const raw = env[name];
    if (isSecret(field as z.ZodType) && raw !== undefined && raw !== '') values.push(raw, ...credentialParts(raw));
  }
  return values;
}

/** A JSON object of secrets (page tokens by page id) leaks one value at a time. */
function jsonStringValues(raw: string): string[] {
  if (!raw.trimStart().startsWith('{')) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
    return Object.values(parsed).filter((value): value is string => typeof value === 'string' && value !== '');
  } catch {
    return [];
  }
}

/**
 * A URL secret also leaks through its password alone (drivers log it decoded); a comma-separated list
 * of secrets (two valid at once while one is rotated) leaks one entry at a time.
 */
function credentialParts(raw: string): string[] {
  const inJson = jsonStringValues(raw);
  if (inJson.length > 0) return inJson;
  if (raw.includes(',')) return raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  try {
    const url = new URL(raw);
    return url.password ? [url.password, decodeURIComponent(url.password)] : [];
  } catch {
    return [];
  }
}
