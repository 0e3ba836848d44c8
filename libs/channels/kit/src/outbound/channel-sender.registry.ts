import type { Channel, Provider } from '@tributary/contracts';
import type { ChannelSender } from './channel-sender.port';

/** The senders an app registered, one per channel and provider; a second one for a pair is a wiring bug. */
export class ChannelSenderRegistry {
  private readonly byRoute = new Map<string, ChannelSender>();

  constructor(senders: readonly ChannelSender[]) {
    for (const sender of senders) {
      for (const channel of sender.channels) {
        const route = routeKey(channel, sender.provider);
        if (this.byRoute.has(route)) throw new Error(`two senders registered for the ${channel} channel through ${sender.provider}`);
        this.byRoute.set(route, sender);
      }
    }
  }

  senderFor(channel: Channel, provider: Provider): ChannelSender | undefined {
    return this.byRoute.get(routeKey(channel, provider));
  }
}

function routeKey(channel: Channel, provider: Provider): string {
  return `${channel}\u0000${provider}`;
}
