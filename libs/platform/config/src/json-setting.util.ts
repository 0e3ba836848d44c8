import { z } from 'zod';

/**
 * A variable holding JSON (a channel's accounts, a tenant table), read by `schema` once parsed. A
 * value that is not JSON is refused as "must be a JSON object" without repeating it, since some such
 * variables hold secrets (page tokens).
 */
export function jsonSetting<T extends z.ZodType>(schema: T): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<unknown, string>>, T> {
  return z
    .string()
    .transform((raw, ctx): unknown => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
