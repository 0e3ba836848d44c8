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
