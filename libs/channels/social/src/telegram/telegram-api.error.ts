import { TelegramError } from 'telegraf';

/** Why a Bot API call failed in a way the caller cannot turn into a delivery failure: it is retried. */
export enum TelegramApiErrorCode {
  /** 401: our token is wrong or revoked; an operator must fix TELEGRAM_BOT_TOKENS. */
  Unauthorized = 'TELEGRAM_UNAUTHORIZED',
  /** 429: flood control; `retryAfterMs` says when Telegram takes calls again. */
  RateLimited = 'TELEGRAM_RATE_LIMITED',
  /** 409: a webhook is set while polling, or another getUpdates session took over. */
  Conflict = 'TELEGRAM_CONFLICT',
  /** 5xx, a network failure or a timeout: Telegram or the way there is unwell. */
  Unavailable = 'TELEGRAM_UNAVAILABLE',
  /** Any other refusal of a call that should not have been refused (404 for a method: our bug). */
  Refused = 'TELEGRAM_REFUSED',
}

/**
 * A Bot API failure of our side or a passing one. Its message names the HTTP code and Telegram's
 * description, never the URL (which holds the token) nor the request (which holds customer text).
 */
export class TelegramApiError extends Error {
  constructor(
    readonly code: TelegramApiErrorCode,
    message: string,
    /** For RateLimited: how long to wait before the next call, from `parameters.retry_after`. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TelegramApiError';
  }
}

/** What Telegram answered (`{ ok: false, error_code, description, parameters }`), when it answered at all. */
export interface TelegramRefusal {
  readonly errorCode: number;
  readonly description: string;
  readonly retryAfterSeconds?: number;
}

export function telegramRefusalOf(error: unknown): TelegramRefusal | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  const retryAfter = error.parameters?.retry_after;
  return { errorCode: error.code, description: error.description, ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}) };
}

/** Any failure of a call as a TelegramApiError, for a caller that retries (the reply loop, the poller). */
export function telegramApiErrorOf(method: string, error: unknown): TelegramApiError {
  if (error instanceof TelegramApiError) return error;
  const refusal = telegramRefusalOf(error);
  if (refusal === undefined) {
    // telegraf cuts the token out of network errors' messages; this makes sure of it whatever threw.
    const detail = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<redacted>').slice(0, 500);
    return new TelegramApiError(TelegramApiErrorCode.Unavailable, `${method} did not complete; Telegram was not reached or did not answer (${detail})`);
  }
  const text = `${method}: ${refusal.errorCode} ${refusal.description}`;
  if (refusal.errorCode === 401) return new TelegramApiError(TelegramApiErrorCode.Unauthorized, `${text} (check the bot's token in TELEGRAM_BOT_TOKENS)`);
  if (refusal.errorCode === 429) {
    const seconds = refusal.retryAfterSeconds ?? 1;
    return new TelegramApiError(TelegramApiErrorCode.RateLimited, `${text}; retry after ${seconds} s`, seconds * 1000);
  }
  if (refusal.errorCode === 409) return new TelegramApiError(TelegramApiErrorCode.Conflict, text);
  if (refusal.errorCode >= 500) return new TelegramApiError(TelegramApiErrorCode.Unavailable, text);
  return new TelegramApiError(TelegramApiErrorCode.Refused, text);
}
