// The Send API emulation as a process of its own, for the local gateway (`./tributary start`):
// social-ingest's Messenger and Instagram replies go here instead of graph.facebook.com, and its
// echoes and the customers' messages come back signed to social-ingest's /meta/webhook. Never part of
// a deployment. `POST /emulator/customers/{account}/{customer}/messages {"text"}` (not Meta's) lets a
// person play a customer: the customer becomes known, their window opens and the webhook is posted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { z } from 'zod';
import { SendApiEmulator } from './send-api.emulator';
import type { EmulatedMetaAccount } from './send-api-emulator.types';

/** social-ingest's META_PAGES and META_PAGE_TOKENS, read for what the emulation needs (unknown keys are the app's business). */
const PagesSchema = z.record(z.string().regex(/^\d+$/), z.looseObject({ channel: z.enum(['messenger', 'instagram']), humanAgentTag: z.boolean().optional() }));
const TokensSchema = z.record(z.string(), z.string().min(1));
const CustomerMessageSchema = z.object({ text: z.string().min(1) });

function fail(message: string): never {
  process.stderr.write(`meta-send-api-emulator: ${message}\n`);
  // EX_CONFIG, as the other emulations exit on bad configuration.
  process.exit(78);
}

function json(name: string, raw: string | undefined): unknown {
  if (!raw) fail(`set ${name}`);
  try {
    return JSON.parse(raw);
  } catch {
    return fail(`${name} is not JSON`);
  }
}

function readAccounts(): EmulatedMetaAccount[] {
  const pages = PagesSchema.safeParse(json('META_PAGES', process.env['META_PAGES']));
  if (!pages.success) fail(`META_PAGES: ${z.prettifyError(pages.error)}`);
  const tokens = TokensSchema.safeParse(json('META_PAGE_TOKENS', process.env['META_PAGE_TOKENS']));
  // Never the tokens themselves in the message.
  if (!tokens.success) fail('META_PAGE_TOKENS must be a JSON object of page ids to tokens');
  return Object.entries(pages.data).map(([id, page]) => {
    const token = tokens.data[id];
    if (token === undefined) fail(`META_PAGE_TOKENS has no token for ${id}`);
    return { id, channel: page.channel, token, humanAgentTag: page.humanAgentTag === true };
  });
}

async function main(): Promise<void> {
  // The app accepts several secrets (rotation); Meta signs with one, the first.
  const appSecret = (process.env['META_APP_SECRETS'] ?? '').split(',')[0]?.trim();
  // META_EMULATOR_PORT when run by hand; the local gateway passes every process its port as HTTP_PORT.
  const port = Number(process.env['META_EMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? '0');
  const controlPort = Number(process.env['META_EMULATOR_CONTROL_PORT'] ?? '0');
  if (!appSecret || !Number.isInteger(port)) fail('set META_APP_SECRETS and META_EMULATOR_PORT (or HTTP_PORT)');
  const webhookUrl = process.env['META_EMULATOR_WEBHOOK_URL'];
  const emulator = new SendApiEmulator({ accounts: readAccounts(), appSecret, port, ...(webhookUrl ? { webhookUrl } : {}) });
  const baseUrl = await emulator.start();
  const control = createServer((request, response) => void playCustomer(emulator, request, response));
  await new Promise<void>((resolve) => control.listen(controlPort, '127.0.0.1', resolve));
  const address = control.address();
  const controlUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : null;
  process.stdout.write(`${JSON.stringify({ level: 'info', app: 'meta-send-api-emulator', msg: 'Send API emulation listening', baseUrl, controlUrl, webhookUrl: webhookUrl ?? null })}\n`);
  const stop = (): void => void Promise.all([emulator.stop(), new Promise((resolve) => control.close(resolve))]).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** `POST /emulator/customers/{account}/{customer}/messages {"text"}`: a customer writes, as a person playing one. */
async function playCustomer(emulator: SendApiEmulator, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const match = /^\/emulator\/customers\/(\d+)\/(\d+)\/messages$/.exec(new URL(request.url ?? '/', 'http://local').pathname);
  if (request.method !== 'POST' || match === null) return void response.writeHead(404).end();
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const body = CustomerMessageSchema.safeParse(parsed);
  if (!body.success) return void response.writeHead(400, { 'content-type': 'text/plain' }).end('send {"text": "..."}');
  try {
    const sent = await emulator.customerSends(match[1] ?? '', match[2] ?? '', body.data.text);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mid: sent.mid, webhookStatus: sent.delivery.httpStatus }));
  } catch (error) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'refused');
  }
}

void main();
