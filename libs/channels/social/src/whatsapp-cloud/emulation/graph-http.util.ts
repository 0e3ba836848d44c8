import type { IncomingMessage, ServerResponse } from 'node:http';
import { graphErrorBody, type GraphError } from './graph-error-catalog';
import { metaJson } from './meta-json.util';

/** Graph's JSON answers, escaped as Meta escapes them (`\/` in URLs and MIME types). */
export function answerGraph(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(metaJson(body));
}

/** A Graph error; a 401 also names the scheme, as Graph does (header wording from WADEV, UNCONFIRMED). */
export function answerGraphError(response: ServerResponse, error: GraphError): void {
  if (error.status === 401) response.setHeader('www-authenticate', `OAuth "Facebook Platform" "invalid_request" "${error.message}"`);
  answerGraph(response, error.status, graphErrorBody(error));
}

/**
 * The body, or undefined past `limit` bytes. An oversized body is still read to its end (and dropped)
 * so the client gets the 413 instead of a connection reset mid-upload.
 */
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

export function parseJson(raw: Buffer): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}
