import type { Telegram } from 'telegraf';

type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>;

/**
 * A native AbortSignal for telegraf's `callApi`, whose types name the `abort-controller` polyfill's
 * signal. At run time node-fetch 2 (telegraf's client) accepts any signal whose constructor is named
 * AbortSignal, which the native one is; only the declared types differ. Without a signal a call would
 * wait telegraf's own 500 s timeout.
 */
export function telegrafSignal(signal: AbortSignal): TelegrafSignal {
  return signal as unknown as TelegrafSignal;
}
