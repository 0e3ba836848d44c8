import { HEADERS, type Contract } from '@tributary/contracts';
import type { IHeaders } from 'kafkajs';

/** The headers every Tributary record carries: contract name and version, trace id, content type. */
export function contractHeaders(contract: Contract, traceId: string | undefined): Record<string, string> {
  return {
    [HEADERS.contract]: contract.name,
    [HEADERS.contractVersion]: String(contract.version),
    [HEADERS.contentType]: 'application/json',
    ...(traceId ? { [HEADERS.traceId]: traceId } : {}),
  };
}

/** kafkajs hands headers over as Buffers (or arrays of them); we read them as UTF-8 strings. */
export function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) result[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return result;
}
