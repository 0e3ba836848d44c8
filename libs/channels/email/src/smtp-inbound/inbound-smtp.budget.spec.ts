import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { EmailIntake, IntakeOutcome, ReceivedEmail } from '../intake/email-intake.service';
import { InboundSmtpServer } from './inbound-smtp.server';

const KIB = 1024;
const recipients = new Map([['support@acme.example', { tenantId: 'acme', inbox: { address: 'support@acme.example' } }]]);

function mail(bytes: number): string {
  return `Subject: big\r\n\r\n${'x'.repeat(76).concat('\r\n').repeat(Math.ceil(bytes / 78))}`;
}

/** An intake that keeps each hand-off open until the test settles it. */
function heldIntake(received: ReceivedEmail[], settle: ((outcome: 'ok' | 'fail') => void)[]): EmailIntake {
  const intake: Pick<EmailIntake, 'receive'> = {
    receive: (emails: readonly ReceivedEmail[]) =>
      new Promise<IntakeOutcome>((resolve, reject) => {
        received.push(...emails);
        settle.push((outcome) => (outcome === 'ok' ? resolve({ published: emails.length, quarantined: 0, autoSubmitted: 0, quarantines: [] }) : reject(new Error('kafka away'))));
      }),
  };
  return intake as EmailIntake;
}

async function send(port: number, raw: string): Promise<string> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope: { from: 'a@customer.example', to: ['support@acme.example'] }, raw })).response;
  } catch (error) {
    return String((error as { response?: string }).response);
  } finally {
    transport.close();
  }
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('InboundSmtpServer memory bounds', () => {
  let spoolDirectory: string;
  beforeEach(() => (spoolDirectory = mkdtempSync(join(tmpdir(), 'smtp-spool-spec-'))));
  afterEach(() => rmSync(spoolDirectory, { recursive: true, force: true }));

  const options = { host: '127.0.0.1', port: 0, maxMessageBytes: 100 * KIB, maxBytesInFlight: 100 * KIB, handoffTimeoutMs: 3_000, recipients };

  it('answers 452 to a second session whose mail would go over the bytes in flight, and takes mail again once the first hand-off ended', async () => {
    const received: ReceivedEmail[] = [];
    const settle: ((outcome: 'ok' | 'fail') => void)[] = [];
    const server = new InboundSmtpServer(heldIntake(received, settle), { ...options, spoolDirectory });
    const port = await server.listen();
    try {
      const first = send(port, mail(80 * KIB));
      await until(() => settle.length === 1);
      expect(await send(port, mail(40 * KIB))).toBe('452 4.3.1 Insufficient system storage, try again later');
      settle[0]?.('ok');
      expect(await first).toMatch(/^250 /);
      expect(server.bytesInFlight).toBe(0);
      const third = send(port, mail(40 * KIB));
      await until(() => settle.length === 2);
      settle[1]?.('ok');
      expect(await third).toMatch(/^250 /);
    } finally {
      await server.close();
    }
  });

  it('gives the bytes back when the hand-off fails (451)', async () => {
    const settle: ((outcome: 'ok' | 'fail') => void)[] = [];
    const server = new InboundSmtpServer(heldIntake([], settle), { ...options, spoolDirectory });
    const port = await server.listen();
    try {
      const answer = send(port, mail(80 * KIB));
      await until(() => settle.length === 1);
      expect(server.bytesInFlight).toBeGreaterThan(80 * KIB);
      settle[0]?.('fail');
      expect(await answer).toMatch(/^451 /);
      expect(server.bytesInFlight).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('gives the bytes back and removes the spool file when the client goes away in the middle of DATA', async () => {
    const server = new InboundSmtpServer(heldIntake([], []), { ...options, spoolAboveBytes: 8 * KIB, spoolDirectory });
    const port = await server.listen();
    try {
      const socket = connect(port, '127.0.0.1');
      let replies = '';
      socket.on('data', (data: Buffer) => (replies += data.toString()));
      const step = async (line: string, count: number): Promise<void> => {
        socket.write(line);
        await until(() => replies.split('\r\n').filter((reply) => /^\d{3} /.test(reply)).length >= count);
      };
      await until(() => replies.startsWith('220'));
      await step('EHLO client.example\r\n', 2);
      await step('MAIL FROM:<a@customer.example>\r\n', 3);
      await step('RCPT TO:<support@acme.example>\r\n', 4);
      await step('DATA\r\n', 5);
      socket.write(mail(50 * KIB));
      await until(() => server.bytesInFlight > 8 * KIB && readdirSync(spoolDirectory).length === 1);
      socket.destroy();
      await until(() => server.bytesInFlight === 0 && readdirSync(spoolDirectory).length === 0);
    } finally {
      await server.close();
    }
  });

  it('hands a mail spooled to a file over byte for byte, and leaves no file behind', async () => {
    const received: ReceivedEmail[] = [];
    const settle: ((outcome: 'ok' | 'fail') => void)[] = [];
    const server = new InboundSmtpServer(heldIntake(received, settle), { ...options, spoolAboveBytes: 4 * KIB, spoolDirectory });
    const port = await server.listen();
    try {
      const raw = mail(60 * KIB);
      const answer = send(port, raw);
      await until(() => settle.length === 1);
      settle[0]?.('ok');
      expect(await answer).toMatch(/^250 /);
      expect(received[0]?.raw.toString()).toBe(raw.endsWith('\r\n') ? raw : `${raw}\r\n`);
      expect(readdirSync(spoolDirectory)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
