// Makes docs/images/console.png, the README's picture of the operator console: a stack of its own,
// a router with a fresh database, a few realistic tickets through Kafka, real headless Chromium.
// usage: node tools/run.js tools/docs/console-screenshot.ts [--name STACK] [--keep-stack] [--out FILE]
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DeliveryStatusV1, InboundMessageV1, OutboundMessageV1, TOPICS, parseContract, type InboundMessageV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { repoRoot, startStack, stopStack } from '@tributary/local-stack';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { launchHeadlessChromium, readTopic, startRouterForTenant, waitFor, type RouterUnderTest } from '@tributary/platform-testing';
import { Kafka, logLevel } from 'kafkajs';
import { JANE, janeFirstMessages, janeFollowUp, otherCustomers } from './console-demo-tickets';

const TENANT = 'acme';

interface Ticket {
  readonly ticketId: string;
  readonly contactId: string;
  readonly messages: readonly { channel: string; sender: { identities: readonly { value: string }[] } }[];
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const fromJane = (ticket: Ticket, value: string): boolean => ticket.messages.some((message) => message.sender.identities.some((identity) => identity.value === value));

async function seed(router: RouterUnderTest, publisher: ContractPublisher, outbound: readonly OutboundMessageV1Message[]): Promise<string> {
  const publish = (messages: InboundMessageV1Message[]) =>
    publisher.publish(TOPICS.inbound, InboundMessageV1, messages.map((value) => ({ key: `${value.tenantId}:${value.sender.identities[0]?.value ?? ''}`, value })));
  await publish([...janeFirstMessages(TENANT), ...otherCustomers(TENANT)]);
  const all = await router.untilMessages<Ticket>(6);
  const byEmail = all.find((ticket) => fromJane(ticket, JANE.email));
  const byPhone = all.find((ticket) => fromJane(ticket, JANE.phone));
  if (!byEmail || !byPhone) throw new Error("Jane's two tickets did not appear");
  // What an agent does in the console: the SMS sender is the customer who emailed.
  const merged = await router.api('POST', `/v1/contacts/${byPhone.contactId}/merge`, { intoContactId: byEmail.contactId, mergedBy: 'maria' });
  if (merged.status !== 200) throw new Error(`contact merge answered ${merged.status}`);
  await publish([janeFollowUp(TENANT)]);
  // The SMS ticket is now folded into the email's, so counted by the email ticket alone.
  await waitFor('the follow-up SMS on the email ticket', async () => (await router.tickets<Ticket>()).some((ticket) => ticket.ticketId === byEmail.ticketId && ticket.messages.length === 2), 60_000, 250);
  const reply = await router.api<{ outboundId: string }>('POST', `/v1/tickets/${byEmail.ticketId}/replies`, {
    text: 'Hi Jane, sorry for the wait: your parcel is at the Munich depot and goes out with this afternoon’s round.',
    authorId: 'maria',
  });
  await waitFor('the reply on the outbound topic', () => outbound.some((record) => record.outboundId === reply.json.outboundId), 30_000, 100);
  const record = outbound.find((candidate) => candidate.outboundId === reply.json.outboundId);
  if (!record) throw new Error('no outbound record');
  await publisher.publish(TOPICS.delivery, DeliveryStatusV1, [
    {
      key: record.outboundId,
      value: parseContract(DeliveryStatusV1, {
        schemaVersion: 1,
        statusId: randomUUID(),
        outboundId: record.outboundId,
        tenantId: TENANT,
        ticketId: record.ticketId,
        channel: record.channel,
        provider: 'twilio',
        providerMessageId: `SM${randomUUID().replace(/-/g, '')}`,
        state: 'delivered',
        occurredAt: new Date().toISOString(),
        traceId: record.traceId,
      }),
    },
  ]);
  return byEmail.ticketId;
}

async function screenshot(router: RouterUnderTest, ticketId: string, out: string): Promise<void> {
  const browser = await launchHeadlessChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
    await page.goto(`${router.process.baseUrl}/console`);
    await page.fill('#key-input', router.apiKey);
    await page.click('#key-form button[type="submit"]');
    await page.locator(`.ticket-item[data-ticket-id="${ticketId}"]`).click({ timeout: 60_000 });
    await page.locator('#lanes .delivery-state[data-state="delivered"]').waitFor({ timeout: 60_000 });
    await page.locator('#lag-list li').first().waitFor({ timeout: 60_000 });
    await page.fill('#reply-text', 'I will call you when the driver is on the way.');
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const name = option('name') ?? 'console-docs';
  const out = resolve(option('out') ?? resolve(repoRoot(), 'docs/images/console.png'));
  // No mail server: the demo's email arrives as the contract record email-ingest would produce.
  const stack = await startStack({ name, components: ['kafka', 'postgres'], log: (line) => process.stderr.write(`[stack:${name}] ${line}\n`) });
  Object.assign(process.env, stack.env);
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'console-screenshot', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
  const publisher = new ContractPublisher(kafka);
  const outbound: OutboundMessageV1Message[] = [];
  // The router first: it creates the topics, which a fresh stack does not have yet.
  const router = await startRouterForTenant(TENANT, `console_docs_${randomUUID().slice(0, 8)}`);
  const reader = await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.outbound, ({ value }) => {
    if (value['tenantId'] === TENANT) outbound.push(parseContract(OutboundMessageV1, value));
  });
  try {
    const ticketId = await seed(router, publisher, outbound);
    await screenshot(router, ticketId, out);
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await router.stop();
    await reader.disconnect();
    await publisher.close();
    if (!process.argv.includes('--keep-stack')) await stopStack({ name, log: (line) => process.stderr.write(`[stack:${name}] ${line}\n`) });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`console-screenshot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
