// The Twilio API emulation as a process of its own, for the local gateway (`./tributary start`):
// voice-ingest's replies go here instead of api.twilio.com. Never part of a deployment.
import { TwilioEmulator } from './twilio-emulator';

async function main(): Promise<void> {
  const accountSid = process.env['TWILIO_ACCOUNT_SID'];
  const authToken = process.env['TWILIO_AUTH_TOKEN'];
  const port = Number(process.env['HTTP_PORT'] ?? '0');
  if (!accountSid || !authToken || !Number.isInteger(port)) {
    process.stderr.write('twilio-emulator: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and HTTP_PORT\n');
    process.exit(78);
  }
  const numbers = ownedNumbers(process.env['TWILIO_NUMBERS']);
  const emulator = new TwilioEmulator({ accountSid, authToken, ...(numbers ? { numbers } : {}) });
  const baseUrl = await emulator.start(port);
  process.stdout.write(`${JSON.stringify({ level: 'info', app: 'twilio-emulator', msg: 'Twilio API emulation listening', baseUrl })}\n`);
  const stop = (): void => void emulator.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** The account's numbers, when given as voice-ingest's TWILIO_NUMBERS (a JSON object keyed by number): other senders get 21606. */
function ownedNumbers(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.keys(parsed) : undefined;
  } catch {
    process.stderr.write('twilio-emulator: TWILIO_NUMBERS is not JSON; every sender is accepted\n');
    return undefined;
  }
}

void main();
