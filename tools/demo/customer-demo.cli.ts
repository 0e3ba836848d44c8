import { parseArgs } from 'node:util';
import { DemoError, sendDemoMessages } from './customer-demo';

const HELP = `usage: ./tributary demo [--name <stack>]

Writes to the running local gateway as a customer would, through the real channels: Jane Doe mails
support@acme.example (the local mail server; email-ingest fetches it over IMAP) and texts the local
phone line (an SMS webhook signed as Twilio signs it). Waits until the router shows both as tickets,
then says how to answer Jane in the operator console.

  --name <stack>   the stack ./tributary start started (default dev)
  --help           this text
`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string', default: 'dev' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const demo = await sendDemoMessages(values.name, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`
Two tickets: ${demo.email.token} (Jane's mail) and ${demo.sms.token} (her SMS). The router cannot know that
${demo.customer.phone} and ${demo.customer.email} are one person, so an agent says so:

  1. open ${demo.consoleUrl} and paste the key ${demo.apiKey}
  2. find ${demo.sms.token} (type it into the search box), open it, unfold "Merge" and merge its
     contact into Jane's: ${demo.email.contactId}
  3. the console opens the ticket both now share (the older of the two): the mail and the SMS side by
     side; write a reply, pick sms as its channel and send it
  4. the reply goes out by SMS (the local Twilio emulation lists it at /emulator/received) and its
     delivery state turns "delivered"
`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof DemoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
