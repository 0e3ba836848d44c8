export const SOCIAL_INGEST_CONFIG = Symbol('SOCIAL_INGEST_CONFIG');
/** The ChannelSenders of the providers configured on this deployment. */
export const SOCIAL_REPLY_SENDERS = Symbol('SOCIAL_REPLY_SENDERS');
