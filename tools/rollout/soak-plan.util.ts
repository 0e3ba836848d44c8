import { MAX_CUSTOMERS_PER_CHANNEL, ROLLOUT_CHANNELS } from './channel-input.factory';
import { HarnessUsageError } from './harness-usage.error';
import type { CustomersPerChannel } from './load-generator';
import type { RolloutApp } from './rollout-fixture';
import type { ChannelMix, SoakOptions } from './soak-options';

/** Seconds of the rate each customer's schedule spans by default: a customer sends every 2 s. */
const DEFAULT_CUSTOMER_INTERVAL_S = 2;

/**
 * Customers per channel: `customers` (by default twice the rate, at least one per channel in the
 * mix) shared out by the mix's weights, largest remainders first, each weighted channel getting at
 * least one. Each customer sends at the same pace, so the mix of customers is the mix of inputs.
 */
export function soakCustomers(options: Pick<SoakOptions, 'rate' | 'mix' | 'customers'>): CustomersPerChannel {
  const weighted = ROLLOUT_CHANNELS.filter((channel) => options.mix[channel] > 0);
  const total = Math.max(weighted.length, options.customers ?? Math.round(options.rate * DEFAULT_CUSTOMER_INTERVAL_S));
  const weightSum = weighted.reduce((sum, channel) => sum + options.mix[channel], 0);
  const shares = weighted.map((channel) => ({ channel, exact: (total * options.mix[channel]) / weightSum }));
  const result: Record<(typeof ROLLOUT_CHANNELS)[number], number> = { sms: 0, whatsapp: 0, email: 0 };
  for (const { channel, exact } of shares) result[channel] = Math.max(1, Math.floor(exact));
  let left = total - weighted.reduce((sum, channel) => sum + result[channel], 0);
  for (const { channel } of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left <= 0) break;
    result[channel] += 1;
    left -= 1;
  }
  // The one-each minimum may overshoot: take the excess from the largest channels.
  for (; left < 0; left += 1) {
    const largest = [...weighted].sort((a, b) => result[b] - result[a])[0];
    if (largest !== undefined) result[largest] -= 1;
  }
  for (const channel of weighted) {
    if (result[channel] > MAX_CUSTOMERS_PER_CHANNEL) throw new HarnessUsageError(`${result[channel]} ${channel} customers; at most ${MAX_CUSTOMERS_PER_CHANNEL} per channel (--customers)`);
  }
  return result;
}

/** The apps a soak runs: the router and the ingest app of each channel in the mix. */
export function soakApps(mix: ChannelMix): RolloutApp[] {
  const apps: RolloutApp[] = ['router'];
  if (mix.sms > 0) apps.push('voice-ingest');
  if (mix.email > 0) apps.push('email-ingest');
  if (mix.whatsapp > 0) apps.push('social-ingest');
  return apps;
}

/** When each fault strikes, in milliseconds after the load started. */
export interface FaultTimes {
  readonly brokerKillMs: number;
  readonly routerKillMs: number;
}

export function faultTimes(options: Pick<SoakOptions, 'minutes' | 'brokerKillAt' | 'routerKillAt'>): FaultTimes {
  const loadMs = options.minutes * 60_000;
  return {
    brokerKillMs: options.brokerKillAt === undefined ? Math.round(loadMs * 0.35) : options.brokerKillAt * 1000,
    routerKillMs: options.routerKillAt === undefined ? Math.round(loadMs * 0.65) : options.routerKillAt * 1000,
  };
}

/** The mix as shares of the customers, e.g. `sms 50 % (1000 customers), email 50 % (1000 customers)`. */
export function describeMix(customers: CustomersPerChannel): string {
  const total = ROLLOUT_CHANNELS.reduce((sum, channel) => sum + customers[channel], 0);
  return ROLLOUT_CHANNELS.filter((channel) => customers[channel] > 0)
    .map((channel) => `${channel} ${Math.round((customers[channel] * 100) / total)} % (${customers[channel]} customers)`)
    .join(', ');
}
