import { randomBytes } from 'node:crypto';
import { smsWebhook, TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { runningMailSmtp } from '@tributary/local-stack';
import { appStatuses, LOCAL_PHONE_NUMBER, LOCAL_TWILIO, localApiKeysOf, type AppStatus } from '@tributary/local-stack/gateway';
import { createTransport } from 'nodemailer';

export interface DemoCustomer {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

/**
 * The customer a demo run writes as: one person, two channels the router cannot yet tie together.
 * Her address and number are the run's own, so a second run makes new tickets instead of joining
 * the open ticket the first run left (which is what the router does with a known customer).
 */
export function demoCustomer(run: string): DemoCustomer {
  const digits = String(parseInt(run, 16) % 1_000_000).padStart(6, '0');
  return { name: 'Jane Doe', email: `jane.doe+${run}@example.org`, phone: `+4915112${digits}` };
}
const SUPPORT_MAILBOX = 'support@acme.example';
const TENANT = 'acme';

export interface DemoTicket {
  readonly ticketId: string;
  readonly token: string;
  readonly contactId: string;
}

export interface DemoResult {
  readonly customer: DemoCustomer;
  readonly consoleUrl: string;
  readonly apiKey: string;
  readonly email: DemoTicket;
  readonly sms: DemoTicket;
}

export class DemoError extends Error {}

interface TicketSummary {
  readonly ticketId: string;
  readonly token: string;
  readonly contactId: string;
}

interface TicketDetail extends TicketSummary {
  readonly subject: string | null;
  readonly messages: readonly { readonly text: string | null }[];
}

/**
 * Writes to the running local gateway as a customer would, through the real channels: a mail to the
 * support mailbox (GreenMail, fetched by email-ingest over IMAP) and an SMS to the local phone line
 * (posted and signed as Twilio posts it). Resolves once the router shows both as tickets.
 */
export async function sendDemoMessages(stackName: string, log: (line: string) => void, timeoutMs = 90_000): Promise<DemoResult> {
  const statuses = await appStatuses(stackName);
  const app = (name: string): AppStatus => {
    const status = statuses.find((entry) => entry.name === name);
    if (!status?.ready) throw new DemoError(`${name} is not running and ready on the "${stackName}" stack: run ./tributary start first`);
    return status;
  };
  const [router, voice] = [app('router'), app('voice-ingest'), app('email-ingest')];
  const smtp = await runningMailSmtp(stackName);
  if (!smtp) throw new DemoError(`the "${stackName}" stack's mail server does not run: run ./tributary start first`);
  const apiKey = localApiKeysOf(stackName)[TENANT];
  if (!apiKey) throw new DemoError(`no queue API key for tenant ${TENANT}: run ./tributary start first`);

  // A word of this run's own, so a second demo makes new tickets rather than finding the first ones.
  const run = randomBytes(3).toString('hex');
  const customer = demoCustomer(run);
  const subject = `Parcel never arrived (order ${run})`;
  const smsText = `Hi, this is Jane Doe. Did you get my email about order ${run}?`;

  const transport = createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      from: `${customer.name} <${customer.email}>`,
      to: SUPPORT_MAILBOX,
      subject,
      text: `Hello,\n\nmy parcel for order ${run} was due last Friday and still has not arrived.\n\nJane`,
    });
  } finally {
    transport.close();
  }
  log(`sent a mail from ${customer.email} to ${SUPPORT_MAILBOX}: "${subject}"`);

  // voice-ingest's public URL is its own address locally (TWILIO_WEBHOOK_BASE_URL), so Twilio would sign that.
  const twilio = new TwilioWebhookSender(LOCAL_TWILIO.TWILIO_AUTH_TOKEN, voice.url, voice.url);
  const answer = await twilio.post('/twilio/sms', smsWebhook(customer.phone, LOCAL_PHONE_NUMBER, smsText, LOCAL_TWILIO.TWILIO_ACCOUNT_SID));
  if (answer.status !== 200) throw new DemoError(`voice-ingest answered the SMS webhook with ${answer.status}: ${answer.body.slice(0, 200)}`);
  log(`sent an SMS from ${customer.phone} to the local line ${LOCAL_PHONE_NUMBER}: "${smsText}"`);

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${router.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok) throw new DemoError(`the queue API answered ${path} with ${response.status}`);
    return (await response.json()) as T;
  };
  const find = async (channel: string, matches: (detail: TicketDetail) => boolean): Promise<DemoTicket | undefined> => {
    const page = await api<{ tickets: TicketSummary[] }>(`/v1/tickets?channel=${channel}&status=open&limit=50`);
    for (const ticket of page.tickets) {
      const detail = await api<TicketDetail>(`/v1/tickets/${ticket.ticketId}`);
      if (matches(detail)) return { ticketId: detail.ticketId, token: detail.token, contactId: detail.contactId };
    }
    return undefined;
  };
  const deadline = Date.now() + timeoutMs;
  let email: DemoTicket | undefined;
  let sms: DemoTicket | undefined;
  while (!(email && sms)) {
    if (Date.now() > deadline) throw new DemoError(`no ticket for the ${email ? 'SMS' : 'mail'} within ${timeoutMs / 1000} s: see ./tributary status and the apps' logs`);
    email ??= await find('email', (detail) => detail.subject === subject);
    sms ??= await find('sms', (detail) => detail.messages.some((message) => message.text === smsText));
    if (!(email && sms)) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { customer, consoleUrl: `${router.url}/console`, apiKey, email, sms };
}
