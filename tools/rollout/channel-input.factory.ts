import { randomUUID } from 'node:crypto';
// The rollout drives every channel at once, as the providers would: each channel's own webhook
// builders and signing, from its test entry point (an e2e harness may use every channel's `/testing`).
import { sid, smsWebhook, TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { signedMetaWebhook, textMessageWebhook } from '@tributary/channel-social/testing';
import { createTransport } from 'nodemailer';
import type { RolloutFixture } from './rollout-fixture';

export type RolloutChannel = 'sms' | 'whatsapp' | 'email';
export const ROLLOUT_CHANNELS: readonly RolloutChannel[] = ['sms', 'whatsapp', 'email'];

/** What the provider saw when it handed an input over: the answer, and whether it counts as accepted. */
export interface Delivery {
  /** HTTP status or SMTP reply, or the network error. */
  readonly answer: string;
  readonly acknowledged: boolean;
}

/** Where the inputs go: the webhook apps' public addresses (their proxies) and GreenMail's SMTP. */
export interface InputTargets {
  readonly voiceUrl: string;
  readonly socialUrl: string;
  readonly smtp: { readonly host: string; readonly port: number };
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

/** A customer's phone number: SMS and WhatsApp customers get numbers of their own, so each is one contact on one channel. */
export const customerPhone = (fixture: RolloutFixture, channel: 'sms' | 'whatsapp', customer: number): string =>
  `+49${channel === 'sms' ? '151' : '157'}${fixture.numberBase}${String(customer).padStart(2, '0')}`;

/** Creates input n of `channel` from `customer` (its index within the channel). */
export function channelInput(channel: RolloutChannel, text: string, customer: number, fixture: RolloutFixture, targets: InputTargets): ChannelInput {
  switch (channel) {
    case 'sms': {
      const messageSid = sid('SM');
      const params = smsWebhook(customerPhone(fixture, 'sms', customer), fixture.twilio.line, text, fixture.twilio.accountSid, messageSid);
      const twilio = new TwilioWebhookSender(fixture.twilio.authToken, targets.voiceUrl, targets.voiceUrl);
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
        to: fixture.mailboxes[customer % fixture.mailboxes.length],
        subject: `Rollout mail from customer ${customer}`,
        text,
        messageId: `<${messageId}>`,
      };
      return { dedupeKey: `email:${messageId}`, text, send: () => smtpDelivery(targets.smtp, mail) };
    }
  }
}

async function httpDelivery(answer: Promise<{ status: number }>): Promise<Delivery> {
  try {
    const { status } = await withDeadline(answer);
    return { answer: String(status), acknowledged: status >= 200 && status < 300 };
  } catch (error) {
    return { answer: errorName(error), acknowledged: false };
  }
}

async function smtpDelivery(smtp: InputTargets['smtp'], mail: Record<string, string | undefined>): Promise<Delivery> {
  const transport = createTransport({ host: smtp.host, port: smtp.port, secure: false });
  try {
    const info = (await withDeadline(transport.sendMail(mail))) as { response?: unknown };
    const response = typeof info.response === 'string' ? info.response : '';
    return { answer: response.slice(0, 3) || 'no reply', acknowledged: response.startsWith('250') };
  } catch (error) {
    return { answer: errorName(error), acknowledged: false };
  } finally {
    transport.close();
  }
}

/** Twilio gives a webhook 15 s, Meta about as long: an answer later than 20 s is a failure, retried. */
async function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 20_000)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function errorName(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (error instanceof Error ? error.message : String(error));
}
