import type Mail from 'nodemailer/lib/mailer';

/** Sends one composed mail; nodemailer's SMTP transport in production and tests alike. */
export interface MailTransportPort {
  sendMail(mail: Mail.Options): Promise<{ readonly messageId: string; readonly response: string }>;
}

/** What the sender needs to remember about replies, behind email-ingest's tables. */
export interface SentRepliesPort {
  sentReply(outboundId: string): Promise<string | undefined>;
  markReplySent(outboundId: string, messageId: string): Promise<void>;
  isAutoSubmitted(tenantId: string, messageId: string): Promise<boolean>;
}
