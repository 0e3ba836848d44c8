// The Graph API emulation as a process of its own, for the local gateway (`./tributary start`):
// social-ingest's WhatsApp replies and media downloads go here instead of graph.facebook.com. Never
// part of a deployment.
import { z } from 'zod';
import { GraphApiEmulator } from './graph-api.emulator';
import type { WhatsappTemplate } from './graph-api-emulator.types';
import type { WhatsappBusinessNumber } from './whatsapp-webhook.builder';

/** social-ingest's WHATSAPP_CLOUD_NUMBERS, read for what the emulation needs (unknown keys are the app's business). */
const NumbersSchema = z.record(
  z.string().regex(/^\d+$/, 'phone-number ids are digits'),
  z.looseObject({
    tenantId: z.string().min(1),
    displayPhoneNumber: z.string().min(1),
    wabaId: z.string().min(1).optional(),
    reengagementTemplate: z.object({ name: z.string().min(1), language: z.string().min(1) }).optional(),
  }),
);

function fail(message: string): never {
  process.stderr.write(`graph-api-emulator: ${message}\n`);
  // EX_CONFIG, as the Twilio emulation exits on bad configuration.
  process.exit(78);
}

function readNumbers(raw: string | undefined): { numbers: WhatsappBusinessNumber[]; templates: WhatsappTemplate[] } {
  if (!raw) fail('set WHATSAPP_CLOUD_NUMBERS (a JSON object keyed by phone-number id)');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fail('WHATSAPP_CLOUD_NUMBERS is not JSON');
  }
  const parsed = NumbersSchema.safeParse(json);
  if (!parsed.success) fail(`WHATSAPP_CLOUD_NUMBERS: ${z.prettifyError(parsed.error)}`);
  const entries = Object.entries(parsed.data);
  return {
    // Meta's WABA id is not part of the app's configuration; a made-up one keeps webhooks well-formed.
    numbers: entries.map(([phoneNumberId, number]) => ({ phoneNumberId, displayPhoneNumber: number.displayPhoneNumber.replace(/^\+/, ''), wabaId: number.wabaId ?? `1${phoneNumberId}` })),
    // The re-engagement template the app falls back to outside the window must exist, or every such reply would get 132001.
    templates: entries.flatMap(([, number]) => (number.reengagementTemplate ? [{ name: number.reengagementTemplate.name, language: number.reengagementTemplate.language }] : [])),
  };
}

async function main(): Promise<void> {
  const accessToken = process.env['WHATSAPP_CLOUD_ACCESS_TOKEN'];
  // The app accepts several secrets (rotation); Meta signs with one, the first.
  const appSecret = (process.env['WHATSAPP_CLOUD_APP_SECRETS'] ?? '').split(',')[0]?.trim();
  // GRAPH_EMULATOR_PORT when run by hand; the local gateway passes every process its port as HTTP_PORT.
  const port = Number(process.env['GRAPH_EMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? '0');
  if (!accessToken || !appSecret || !Number.isInteger(port)) fail('set WHATSAPP_CLOUD_ACCESS_TOKEN, WHATSAPP_CLOUD_APP_SECRETS and GRAPH_EMULATOR_PORT (or HTTP_PORT)');
  const { numbers, templates } = readNumbers(process.env['WHATSAPP_CLOUD_NUMBERS']);
  const webhookUrl = process.env['GRAPH_EMULATOR_WEBHOOK_URL'];
  const emulator = new GraphApiEmulator({ accessToken, appSecret, numbers, templates, port, ...(webhookUrl ? { webhookUrl } : {}) });
  const baseUrl = await emulator.start();
  process.stdout.write(`${JSON.stringify({ level: 'info', app: 'graph-api-emulator', msg: 'Graph API emulation listening', baseUrl, webhookUrl: webhookUrl ?? null })}\n`);
  const stop = (): void => void emulator.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
