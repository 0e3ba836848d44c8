import type { Channel } from '@tributary/contracts';

/** A channel of a ticket and the time of its first message there. */
export interface ChannelFirst {
  channel: Channel;
  at: Date;
}

/**
 * tickets.channel_first_at (channel → its first message's time, kept by a trigger on messages) as
 * the channels in first-use order; two channels first used at the same instant in name order, so
 * every path names a ticket's channels alike.
 */
export function channelFirsts(firstAt: Readonly<Record<string, string>>): ChannelFirst[] {
  return Object.entries(firstAt)
    // messages.channel is checked against the contract's channels, so every key is one.
    .map(([channel, at]) => ({ channel: channel as Channel, at: new Date(at) }))
    .sort(byFirstUse);
}

/** First used first; at the same instant, by name. */
export function byFirstUse(a: ChannelFirst, b: ChannelFirst): number {
  return a.at.getTime() - b.at.getTime() || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0);
}
