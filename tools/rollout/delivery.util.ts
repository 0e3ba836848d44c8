/** What the provider saw when it handed an input over: the answer, and whether it counts as accepted. */
export interface Delivery {
  /** HTTP status or SMTP reply code, or the network error. */
  readonly answer: string;
  readonly acknowledged: boolean;
}

/** Twilio gives a webhook 15 s, Meta about as long: an answer later than 20 s is a failure, retried. */
export const WEBHOOK_DEADLINE_MS = 20_000;

/** An HTTP hand-over: any 2xx is an acknowledgement; another status, a network error or no answer in time is not. */
export async function httpDelivery(answer: Promise<{ status: number }>): Promise<Delivery> {
  try {
    const { status } = await withDeadline(answer, WEBHOOK_DEADLINE_MS);
    return { answer: String(status), acknowledged: status >= 200 && status < 300 };
  } catch (error) {
    return { answer: errorName(error), acknowledged: false };
  }
}

/** Rejects with `timeout` when the work takes longer than `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short name for a failed attempt: the SMTP reply code, the network error's code, or the message. */
export function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'responseCode' in error && typeof error.responseCode === 'number') return String(error.responseCode);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.message : String(error));
}
