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
  const emulator = new TwilioEmulator({ accountSid, authToken });
  const baseUrl = await emulator.start(port);
  process.stdout.write(`${JSON.stringify({ level: 'info', app: 'twilio-emulator', msg: 'Twilio API emulation listening', baseUrl })}\n`);
  const stop = (): void => void emulator.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
