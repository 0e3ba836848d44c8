import { createTransport } from 'nodemailer';
import type { EmailIntake, IntakeOutcome, ReceivedEmail } from '../intake/email-intake.service';
import { InboundSmtpServer } from './inbound-smtp.server';

/** The intake as the server sees it: what it was handed, nothing stored. */
function recordingIntake(received: ReceivedEmail[]): EmailIntake {
  const intake: Pick<EmailIntake, 'receive'> = {
    receive: (emails: readonly ReceivedEmail[]): Promise<IntakeOutcome> => {
      received.push(...emails);
      return Promise.resolve({ published: 0, quarantined: emails.length, autoSubmitted: 0, quarantines: [] });
    },
  };
  return intake as EmailIntake;
}

describe('InboundSmtpServer', () => {
  it('names the SMTP session and envelope sender in the source, so a quarantine row says which mail it was', async () => {
    const received: ReceivedEmail[] = [];
    const server = new InboundSmtpServer(recordingIntake(received), {
      host: '127.0.0.1',
      port: 0,
      maxMessageBytes: 64 * 1024,
      handoffTimeoutMs: 3_000,
      recipients: new Map([['support@acme.example', { tenantId: 'acme', inbox: { address: 'support@acme.example' } }]]),
    });
    const port = await server.listen();
    try {
      const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      await transport.sendMail({ envelope: { from: 'bounce@customer.example', to: ['support@acme.example'] }, raw: 'Subject: no sender\r\n\r\nbody\r\n' });
      transport.close();
    } finally {
      await server.close();
    }
    expect(received.map((email) => email.source)).toEqual([expect.stringMatching(/^smtp:(?:::ffff:)?127\.0\.0\.1#[A-Za-z0-9]+ from <bounce@customer\.example>$/)]);
  });
});
