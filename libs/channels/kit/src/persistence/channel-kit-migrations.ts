import { ChannelSentReplies1796400000000 } from './1796400000000-channel-sent-replies.migration';
import { ChannelPendingMedia1796400000200 } from './1796400000200-channel-pending-media.migration';

/** The kit's tables, applied to every channel app's database together with the app's own. */
export const CHANNEL_KIT_MIGRATIONS = [ChannelSentReplies1796400000000, ChannelPendingMedia1796400000200];
