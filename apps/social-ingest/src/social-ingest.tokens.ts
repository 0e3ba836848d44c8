export const SOCIAL_INGEST_CONFIG = Symbol('SOCIAL_INGEST_CONFIG');
/** The ChannelSenders of the providers configured on this deployment. */
export const SOCIAL_REPLY_SENDERS = Symbol('SOCIAL_REPLY_SENDERS');
/** The hand-off of webhooks (no spool: Meta and Telegram retry what is not answered 200). */
export const WEBHOOK_HANDOFF = Symbol('WEBHOOK_HANDOFF');
/** One media fetcher with a policy per configured provider. */
export const SOCIAL_MEDIA_FETCHER = Symbol('SOCIAL_MEDIA_FETCHER');
/** Each provider's media downloader, by provider, for the shared media retry queue. */
export const SOCIAL_MEDIA_DOWNLOADERS = Symbol('SOCIAL_MEDIA_DOWNLOADERS');
/** The spool-backed hand-off of whatsapp-web.js sessions, and its spool. */
export const WHATSAPP_WEB_HANDOFF = Symbol('WHATSAPP_WEB_HANDOFF');
export const WHATSAPP_WEB_SPOOL = Symbol('WHATSAPP_WEB_SPOOL');
/** Each provider's own reply sender, when configured. */
export const WHATSAPP_CLOUD_SENDER = Symbol('WHATSAPP_CLOUD_SENDER');
export const WHATSAPP_WEB_SENDER = Symbol('WHATSAPP_WEB_SENDER');
export const TELEGRAM_SENDER = Symbol('TELEGRAM_SENDER');
export const TELEGRAM_BOTS = Symbol('TELEGRAM_BOTS');
export const META_SENDER = Symbol('META_SENDER');
