import { performance } from 'node:perf_hooks';
import type { BenchWebhook } from './bench-webhook';

export interface LoadRun {
  readonly url: string;
  readonly webhooks: readonly BenchWebhook[];
  readonly rate: number;
  readonly timeoutMs: number;
  readonly onProgress?: (sent: number, answered: number) => void;
}

export interface LoadResult {
  readonly requests: number;
  /** From the first scheduled send to the last actual send. */
  readonly sendWindowMs: number;
  /** From the first scheduled send until the last answer (or failure). */
  readonly elapsedMs: number;
  /** Answer (HTTP 200, body read) minus scheduled send time, one per acknowledged webhook. */
  readonly ackLatenciesMs: readonly number[];
  /** Actual minus scheduled send time of every request: how far the load generator itself fell behind. */
  readonly sendLagMs: readonly number[];
  /** The tags of the webhooks answered 200. */
  readonly acknowledged: ReadonlySet<string>;
  /** "HTTP 503", "timeout", "ECONNRESET", … → count. */
  readonly failures: ReadonlyMap<string, number>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open loop: request i leaves at start + i/rate by the clock, never waiting for earlier answers,
 * and its latency is measured from that scheduled time, so a stall in the service delays (and
 * shows in) every request scheduled during it rather than silently lowering the offered rate.
 */
export async function runOpenLoop(run: LoadRun): Promise<LoadResult> {
  const intervalMs = 1000 / run.rate;
  const ackLatenciesMs: number[] = [];
  const sendLagMs: number[] = [];
  const acknowledged = new Set<string>();
  const failures = new Map<string, number>();
  const fail = (reason: string): void => void failures.set(reason, (failures.get(reason) ?? 0) + 1);
  let answered = 0;
  const started = performance.now();
  let lastSend = started;
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < run.webhooks.length; index += 1) {
    const scheduled = started + index * intervalMs;
    const wait = scheduled - performance.now();
    if (wait >= 1) await sleep(wait);
    const webhook = run.webhooks[index] as BenchWebhook;
    lastSend = performance.now();
    sendLagMs.push(lastSend - scheduled);
    inFlight.push(
      post(run.url, webhook, run.timeoutMs).then((outcome) => {
        answered += 1;
        if (outcome === 200) {
          ackLatenciesMs.push(performance.now() - scheduled);
          acknowledged.add(webhook.tag);
        } else {
          fail(typeof outcome === 'number' ? `HTTP ${outcome}` : outcome);
        }
      }),
    );
    if (run.onProgress && index > 0 && index % Math.max(1, Math.round(run.rate * 5)) === 0) run.onProgress(index, answered);
  }
  await Promise.all(inFlight);
  return { requests: run.webhooks.length, sendWindowMs: lastSend - started, elapsedMs: performance.now() - started, ackLatenciesMs, sendLagMs, acknowledged, failures };
}

/** The HTTP status, or why there was none ("timeout", or the socket error's code). Never throws. */
async function post(url: string, webhook: BenchWebhook, timeoutMs: number): Promise<number | string> {
  try {
    const response = await fetch(url, { method: 'POST', headers: webhook.headers, body: webhook.rawBody, signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return failureReason(error);
  }
}

function failureReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
