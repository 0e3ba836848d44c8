import { randomUUID } from 'node:crypto';
// The harness drives every channel at once, as the providers would: each channel's own webhook
// builders and signing, from its test entry point (an e2e harness may use every channel's `/testing`).
import { sid, smsWebhook } from '@tributary/channel-voice/testing';
import { signedMetaWebhook, textMessageWebhook } from '@tributary/channel-social/testing';
import { httpDelivery, type Delivery } from './delivery.util';
import type { RolloutFixture } from './rollout-fixture';
import type { SmtpSender } from './smtp-sender';
import type { TwilioWebhookPoster } from './twilio-webhook.poster';

export type RolloutChannel = 'sms' | 'whatsapp' | 'email';
export const ROLLOUT_CHANNELS: readonly RolloutChannel[] = ['sms', 'whatsapp', 'email'];

/**
 * Where the inputs go. SMS webhooks are posted by `twilio` (to one public address, a proxy, or to
 * each replica in turn, as a load balancer would; signed for the app's public URL); WhatsApp
 * webhooks go to `socialUrl`; mail is handed to `smtp` (GreenMail, whose mailboxes email-ingest
 * polls, or email-ingest's own inbound SMTP servers).
 */
export interface InputTargets {
  /** Absent when no customer sends SMS. */
  readonly twilio: TwilioWebhookPoster | undefined;
  readonly socialUrl: string;
  /** Absent when no customer writes mail. */
  readonly smtp: SmtpSender | undefined;
}

/** One numbered input: the dedupe key the router will store it under, its text, and how to (re)send it. */
export interface ChannelInput {
  readonly dedupeKey: string;
  readonly text: string;
  /** Sends the very same input again on each call (same MessageSid, wamid or Message-ID), as providers retry. */
  send(): Promise<Delivery>;
}

/** The text of input n, as the fault suite's oracle reads it back. */
export const inputText = (n: number, contact: number, seq: number): string => `input ${n}: customer ${contact}, message ${seq}`;

/** Customers per channel the phone numbers have room for. */
export const MAX_CUSTOMERS_PER_CHANNEL = 10_000;

/**
 * A customer's phone number (a German mobile number, eight digits after the prefix: four of the
 * run's, four of the customer's): SMS and WhatsApp customers get numbers of their own, so each is one
 * contact on one channel.
 */
export const customerPhone = (fixture: RolloutFixture, channel: 'sms' | 'whatsapp', customer: number): string =>
  `+49${channel === 'sms' ? '151' : '157'}${fixture.numberBase.slice(0, 4)}${String(customer).padStart(4, '0')}`;

/** Creates input n of `channel` from `customer` (its index within the channel). */
export function channelInput(channel: RolloutChannel, text: string, customer: number, fixture: RolloutFixture, targets: InputTargets): ChannelInput {
  switch (channel) {
    case 'sms': {
      const messageSid = sid('SM');
      const params = smsWebhook(customerPhone(fixture, 'sms', customer), fixture.twilio.line, text, fixture.twilio.accountSid, messageSid);
      const twilio = targets.twilio;
      if (!twilio) throw new Error('an SMS input needs a Twilio webhook poster');
      return { dedupeKey: `twilio:message:${messageSid}`, text, send: () => httpDelivery(twilio.post('/twilio/sms', params)) };
    }
    case 'whatsapp': {
      const waId = customerPhone(fixture, 'whatsapp', customer).slice(1);
      const { payload, messageId } = textMessageWebhook(fixture.whatsapp, { waId, name: `Customer ${customer}` }, text);
      const { rawBody, headers } = signedMetaWebhook(payload, fixture.whatsapp.appSecret);
      const post = (): Promise<{ status: number }> => fetch(`${targets.socialUrl}/whatsapp-cloud/webhook`, { method: 'POST', headers, body: rawBody });
      return { dedupeKey: `whatsapp-cloud:${messageId}`, text, send: () => httpDelivery(post()) };
    }
    case 'email': {
      const messageId = `rollout-${fixture.runId}-${randomUUID()}@customer.example`;
      const mail = {
        from: `customer${customer}-${fixture.numberBase}@customer.example`,
        to: fixture.mailboxes[customer % fixture.mailboxes.length] ?? '',
        subject: `Rollout mail from customer ${customer}`,
        text,
        messageId: `<${messageId}>`,
      };
      const smtp = targets.smtp;
      if (!smtp) throw new Error('an email input needs an SMTP target');
      return { dedupeKey: `email:${messageId}`, text, send: () => smtp.send(mail) };
    }
  }
}
