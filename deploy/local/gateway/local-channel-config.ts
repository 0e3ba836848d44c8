import { join } from 'node:path';
import { MAIL_USERS } from '../src/mail-users';
import type { GatewayAppName } from './gateway-apps';
import { localApiKeys, routerApiKeysSetting, routerOperatorKeysSetting } from './local-api-keys';

/** A made-up Twilio account, shared by voice-ingest and the local Twilio API emulation. */
export const LOCAL_TWILIO = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'local-twilio-auth-token' };
/** The number the local voice line answers, for tenant "acme". */
export const LOCAL_PHONE_NUMBER = '+498912345678';
/** A made-up WhatsApp Business number (by its phone-number id) and Meta app, shared by social-ingest and the local Graph API emulation. */
export const LOCAL_WHATSAPP_NUMBER_ID = '100000000000001';
export const LOCAL_WHATSAPP_APP_SECRET = 'local-whatsapp-app-secret';
/** A made-up Telegram bot of tenant "acme", shared by social-ingest and the local Bot API emulation. */
export const LOCAL_TELEGRAM_BOT = 'acme_support_bot';
export const LOCAL_TELEGRAM_SECRET = '7000000001_local-telegram-webhook-secret';
const LOCAL_TELEGRAM = {
  TELEGRAM_BOTS: JSON.stringify({ [LOCAL_TELEGRAM_BOT]: { tenantId: 'acme', botId: '7000000001' } }),
  TELEGRAM_BOT_TOKENS: '7000000001:local-telegram-bot-token-0123456789',
};
/** A made-up Facebook page of tenant "acme" and its Meta app, shared by social-ingest and the local Send API emulation. */
export const LOCAL_META_PAGE_ID = '100000000000002';
export const LOCAL_META_APP_SECRET = 'local-meta-app-secret-0123456789';
const LOCAL_META = {
  META_PAGES: JSON.stringify({ [LOCAL_META_PAGE_ID]: { tenantId: 'acme', channel: 'messenger', humanAgentTag: true } }),
  META_PAGE_TOKENS: JSON.stringify({ [LOCAL_META_PAGE_ID]: 'EAAGlocalmetapagetoken0123456789abcdef' }),
  META_APP_SECRETS: LOCAL_META_APP_SECRET,
};
const LOCAL_WHATSAPP = {
  WHATSAPP_CLOUD_ACCESS_TOKEN: 'local-whatsapp-access-token',
  WHATSAPP_CLOUD_APP_SECRETS: LOCAL_WHATSAPP_APP_SECRET,
  WHATSAPP_CLOUD_NUMBERS: JSON.stringify({
    [LOCAL_WHATSAPP_NUMBER_ID]: { tenantId: 'acme', displayPhoneNumber: '+498912345679', reengagementTemplate: { name: 'follow_up', language: 'en_US' } },
  }),
};

/** The HS256 secret tenant "acme"'s backend would sign its chat visitors' JWTs with, locally. */
export const LOCAL_CHAT_TENANT_SECRET = 'local-acme-chat-visitor-secret-0123456789';

/** The channel apps that keep state in a database of their own. */
export type ChannelAppWithDatabase = 'email-ingest' | 'voice-ingest' | 'social-ingest' | 'chat-ingest';

export interface LocalChannelContext {
  readonly stackEnv: Readonly<Record<string, string>>;
  readonly ports: Readonly<Partial<Record<GatewayAppName, number>>>;
  readonly stackRoot: string;
  /** Each channel app's own database. */
  readonly appDatabaseUrls: Readonly<Record<ChannelAppWithDatabase, string>>;
}

/**
 * Configuration that lets each channel app run locally against the stack: the GreenMail mailboxes
 * for email, the Twilio emulation for the phone line, the Graph API emulation for WhatsApp. Values the developer set in the environment
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
    case 'graph-emulator':
      return { defaults: { ...LOCAL_WHATSAPP, GRAPH_EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${ports['social-ingest']}/whatsapp-cloud/webhook` }, fixed: {} };
    case 'telegram-emulator':
      return { defaults: { ...LOCAL_TELEGRAM }, fixed: {} };
    case 'meta-emulator':
      return { defaults: { ...LOCAL_META, META_EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${ports['social-ingest']}/meta/webhook` }, fixed: {} };
    case 'social-ingest':
      return {
        defaults: {
          ...LOCAL_WHATSAPP,
          ...LOCAL_TELEGRAM,
          TELEGRAM_WEBHOOK_SECRET_TOKENS: LOCAL_TELEGRAM_SECRET,
          TELEGRAM_API_ROOT: `http://127.0.0.1:${ports['telegram-emulator']}`,
          TELEGRAM_WEBHOOK_BASE_URL: `http://127.0.0.1:${ports['social-ingest']}`,
          ...LOCAL_META,
          META_VERIFY_TOKEN: 'local-meta-verify-token',
          META_GRAPH_BASE_URL: `http://127.0.0.1:${ports['meta-emulator']}`,
          META_WEBHOOK_BASE_URL: `http://127.0.0.1:${ports['social-ingest']}`,
          WHATSAPP_CLOUD_VERIFY_TOKEN: 'local-whatsapp-verify-token',
          WHATSAPP_CLOUD_GRAPH_BASE_URL: `http://127.0.0.1:${ports['graph-emulator']}`,
          WHATSAPP_CLOUD_WEBHOOK_BASE_URL: `http://127.0.0.1:${ports['social-ingest']}`,
          BLOB_STORE_DIR: join(stackRoot, 'blobs'),
        },
        fixed: { DATABASE_URL: context.appDatabaseUrls['social-ingest'] },
      };
    case 'router':
      return {
        defaults: {
          // The queue API serves the attachments the ingests stored: the same directory.
          BLOB_STORE_DIR: join(stackRoot, 'blobs'),
          ROUTER_API_KEYS: routerApiKeysSetting(localApiKeys(stackRoot)),
          ROUTER_OPERATOR_KEYS: routerOperatorKeysSetting(localApiKeys(stackRoot)),
        },
        fixed: {},
      };
    case 'chat-ingest': {
      // The demo page is served by chat-ingest itself, so its own address is the allowed origin.
      const port = ports['chat-ingest'];
      return {
        defaults: {
          CHAT_TENANTS: JSON.stringify({ acme: { origins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`], anonymous: true } }),
          CHAT_TENANT_SECRETS: `acme:${LOCAL_CHAT_TENANT_SECRET}`,
          CHAT_ANONYMOUS_TOKEN_SECRETS: 'local-chat-anonymous-token-secret-0123456789',
          // Visitors' uploads, in the directory the router serves attachments from.
          BLOB_STORE_DIR: join(stackRoot, 'blobs'),
        },
        fixed: { DATABASE_URL: context.appDatabaseUrls['chat-ingest'] },
      };
    }
  }
}
