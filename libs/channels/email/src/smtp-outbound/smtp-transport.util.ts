import { createTransport } from 'nodemailer';
import type { MailTransportPort } from './mail-transport.port';

export interface SmtpTransportConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
}

/** nodemailer's pooled SMTP transport behind the sender's port. */
export function smtpTransport(config: SmtpTransportConfig): MailTransportPort & { close(): void } {
  const transporter = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    pool: true,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
  });
  return {
    sendMail: async (mail) => {
      const info = (await transporter.sendMail(mail)) as { messageId: string; response: string };
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transporter.close(),
  };
}
