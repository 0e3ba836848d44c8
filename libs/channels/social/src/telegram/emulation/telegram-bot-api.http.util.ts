import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Bot API refusal: `{ ok: false, error_code, description, parameters? }` with the same HTTP status. */
export interface TelegramApiRefusal {
  readonly errorCode: number;
  readonly description: string;
  readonly retryAfter?: number;
}

export type TelegramApiAnswer = { readonly result: unknown; readonly description?: string } | { readonly refusal: TelegramApiRefusal };

export const refusal = (errorCode: number, description: string, retryAfter?: number): { refusal: TelegramApiRefusal } => ({
  refusal: { errorCode, description, ...(retryAfter === undefined ? {} : { retryAfter }) },
});

export function answer(response: ServerResponse, outcome: TelegramApiAnswer): void {
  const status = 'refusal' in outcome ? outcome.refusal.errorCode : 200;
  const body =
    'refusal' in outcome
      ? {
          ok: false,
          error_code: outcome.refusal.errorCode,
          description: outcome.refusal.description,
          ...(outcome.refusal.retryAfter === undefined ? {} : { parameters: { retry_after: outcome.refusal.retryAfter } }),
        }
      : { ok: true, result: outcome.result, ...(outcome.description ? { description: outcome.description } : {}) };
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The body, or undefined past `limit` bytes (read to its end, so the client gets an answer rather than a reset). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size <= limit) chunks.push(bytes);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

/**
 * A method's parameters as the Bot API takes them: the query string, then a JSON or url-encoded body.
 * Values from a query or form are strings (objects as JSON text); `numberParam` and `objectParam`
 * read either form, as Telegram does.
 */
export function parseParams(url: URL, contentType: string | undefined, body: Buffer): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (body.length === 0) return params;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...params, ...(parsed as Record<string, unknown>) } : undefined;
    } catch {
      return undefined;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  return undefined;
}

export function numberParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return Number(value);
  return undefined;
}

export function objectParam(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

export function stringListParam(value: unknown): string[] | undefined {
  const parsed: unknown = typeof value === 'string' ? safeJson(value) : value;
  return Array.isArray(parsed) && parsed.every((entry) => typeof entry === 'string') ? parsed : undefined;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
