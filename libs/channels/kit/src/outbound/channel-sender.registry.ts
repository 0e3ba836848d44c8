import type { Channel } from '@tributary/contracts';
import type { ChannelSender } from './channel-sender.port';

/** The senders an app registered, one per channel; a second sender for a channel is a wiring bug. */
export class ChannelSenderRegistry {
  private readonly byChannel = new Map<Channel, ChannelSender>();

  constructor(senders: readonly ChannelSender[]) {
    for (const sender of senders) {
      for (const channel of sender.channels) {
        if (this.byChannel.has(channel)) throw new Error(`two senders registered for the ${channel} channel`);
        this.byChannel.set(channel, sender);
      }
    }
  }

  senderFor(channel: Channel): ChannelSender | undefined {
    return this.byChannel.get(channel);
  }
}
