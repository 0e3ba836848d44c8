/** Test helpers (Twilio API emulation, Twilio-shaped webhooks); never imported by production code. */
export { TwilioEmulator } from './emulation/twilio-emulator';
export type { EmulatedMessage, TwilioEmulatorOptions } from './emulation/twilio-emulator';
export { TwilioWebhookSender } from './emulation/twilio-webhook.sender';
export type { WebhookOptions } from './emulation/twilio-webhook.sender';
export { callParams, recordingStatusParams, sid, smsWebhook, whatsappWebhook } from './emulation/twilio-payloads';
