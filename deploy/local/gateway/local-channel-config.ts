import { join } from 'node:path';
import { MAIL_USERS } from '../src/mail-users';
import type { GatewayAppName } from './gateway-apps';

/** A made-up Twilio account, shared by voice-ingest and the local Twilio API emulation. */
const LOCAL_TWILIO = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'local-twilio-auth-token' };
/** The number the local voice line answers, for tenant "acme". */
export const LOCAL_PHONE_NUMBER = '+498912345678';

export interface LocalChannelContext {
  readonly stackEnv: Readonly<Record<string, string>>;
  readonly ports: Readonly<Partial<Record<GatewayAppName, number>>>;
  readonly stackRoot: string;
  /** email-ingest's own database on the stack's PostgreSQL. */
  /** Each channel app's own database. */
  readonly appDatabaseUrls: Readonly<Record<'email-ingest' | 'voice-ingest', string>>;
}

/**
 * Configuration that lets each channel app run locally against the stack: the GreenMail mailboxes
 * for email, the Twilio emulation for the phone line. Values the developer set in the environment
 * win; DATABASE_URL for a channel app is always its own database.
 */
export function localChannelConfig(app: GatewayAppName, context: LocalChannelContext): { defaults: Record<string, string>; fixed: Record<string, string> } {
  const { stackEnv, ports, stackRoot } = context;
  switch (app) {
    case 'twilio-emulator':
      return { defaults: { ...LOCAL_TWILIO }, fixed: {} };
    case 'voice-ingest':
      return {
        defaults: {
          ...LOCAL_TWILIO,
          TWILIO_API_BASE_URL: `http://127.0.0.1:${ports['twilio-emulator']}`,
          TWILIO_WEBHOOK_BASE_URL: `http://127.0.0.1:${ports['voice-ingest']}`,
          TWILIO_NUMBERS: JSON.stringify({ [LOCAL_PHONE_NUMBER]: { tenantId: 'acme' } }),
          SPOOL_DIR: join(stackRoot, 'spool', 'voice-ingest'),
          BLOB_STORE_DIR: join(stackRoot, 'blobs'),
        },
        fixed: { DATABASE_URL: context.appDatabaseUrls['voice-ingest'] },
      };
    case 'email-ingest': {
      const mailboxes = MAIL_USERS.filter((user) => user.email.endsWith('@acme.example')).map((user) => ({
        key: user.login,
        tenantId: 'acme',
        address: user.email,
        user: user.login,
        password: user.password,
        host: stackEnv['MAIL_HOST'],
        port: Number(stackEnv['MAIL_IMAP_PORT']),
        secure: false,
      }));
      return {
        defaults: {
          EMAIL_MAILBOXES: JSON.stringify(mailboxes),
          EMAIL_SMTP_HOST: stackEnv['MAIL_HOST'] ?? '127.0.0.1',
          EMAIL_SMTP_PORT: stackEnv['MAIL_SMTP_PORT'] ?? '',
          EMAIL_SMTP_SECURE: 'false',
          BLOB_STORE_DIR: join(stackRoot, 'blobs'),
        },
        fixed: { DATABASE_URL: context.appDatabaseUrls['email-ingest'] },
      };
    }
    case 'router':
    case 'chat-ingest':
    case 'social-ingest':
      return { defaults: {}, fixed: {} };
  }
}
