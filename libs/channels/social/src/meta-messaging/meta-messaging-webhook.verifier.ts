import { MetaWebhookVerifier } from '../meta-graph/meta-webhook.verifier';

/**
 * Meta's signature check for Messenger and Instagram webhooks, under META_APP_SECRETS. A class of its
 * own so it is its own injection token: the app that serves WhatsApp's Cloud API too may hold a second
 * Meta app with other secrets, and `@Webhook({ verifier })` picks the verifier by class.
 */
export class MetaMessagingWebhookVerifier extends MetaWebhookVerifier {}
