import type Mail from 'nodemailer/lib/mailer';

/** Sends one composed mail; nodemailer's SMTP transport in production and tests alike. */
export interface MailTransportPort {
  sendMail(mail: Mail.Options): Promise<{ readonly messageId: string; readonly response: string }>;
}

/** Machine-sent mail, remembered by Message-ID in email-ingest's tables: never answered automatically. */
export interface AutoSubmittedLookupPort {
  isAutoSubmitted(tenantId: string, messageId: string): Promise<boolean>;
}
