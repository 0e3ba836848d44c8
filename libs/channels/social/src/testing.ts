export { GraphApiEmulator } from './whatsapp-cloud/emulation/graph-api.emulator';
export type { GraphApiEmulatorOptions, SentWhatsappMessage } from './whatsapp-cloud/emulation/graph-api.emulator';
export { metaJson, signedMetaWebhook } from './whatsapp-cloud/emulation/meta-json.util';
export {
  batchedWebhook,
  mediaMessageWebhook,
  messageWebhook,
  statusWebhook,
  textMessageWebhook,
  whatsappMessageId,
} from './whatsapp-cloud/emulation/whatsapp-webhook.builder';
export type { WhatsappBusinessNumber, WhatsappCustomer } from './whatsapp-cloud/emulation/whatsapp-webhook.builder';
export { TelegramBotApiEmulator } from './telegram/emulation/telegram-bot-api.emulator';
export type { SentTelegramMessage, TelegramBotApiEmulatorOptions } from './telegram/emulation/telegram-bot-api.emulator';
export { postTelegramUpdate } from './telegram/emulation/telegram-update.builder';
export type { TelegramCustomer, TelegramUpdateJson } from './telegram/emulation/telegram-update.builder';
export { SendApiEmulator } from './meta-messaging/emulation/send-api.emulator';
export type { EchoTiming, EmulatedMetaAccount, SendApiEmulatorOptions, SentMetaMessage } from './meta-messaging/emulation/send-api.emulator';
export {
  batchedMessagingWebhook,
  echoEvent,
  messagingWebhook,
  metaMessageId,
  textMessageEvent,
} from './meta-messaging/emulation/meta-messaging-webhook.builder';
export type { MetaBusinessAccount, MetaMessagingPayload } from './meta-messaging/emulation/meta-messaging-webhook.builder';
