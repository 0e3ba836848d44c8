import { join } from 'node:path';
import type { RolloutApp, RolloutFixture } from './rollout-fixture';

/** Where a run's servers are, and each app's own database and public (proxy) address. */
export interface RolloutEndpoints {
  readonly brokers: string;
  /** GreenMail, whose mailboxes email-ingest polls over IMAP; absent when mail is pushed to email-ingest over SMTP. */
  readonly mail: { readonly host: string; readonly smtpPort: number; readonly imapPort: number } | undefined;
  readonly databaseUrls: Readonly<Record<RolloutApp, string>>;
  readonly publicUrls: { readonly 'voice-ingest': string; readonly 'social-ingest': string };
}

/** Providers' APIs are not called in a rollout (no replies are sent): a port nothing listens on. */
const NO_PROVIDER_API = 'http://127.0.0.1:9';

/**
 * The environment of one replica. Replicas of an app share its database, consumer groups, blob
 * store and public URL; each keeps its own spool on a disk of its own, which it finds again when it
 * restarts (as a pod's volume). An email-ingest replica given `inboundSmtpPort` takes mail pushed
 * over SMTP there (its mailboxes then have no IMAP login); otherwise it polls GreenMail's mailboxes.
 */
export function replicaEnv(app: RolloutApp, replica: number, fixture: RolloutFixture, endpoints: RolloutEndpoints, inboundSmtpPort?: number): NodeJS.ProcessEnv {
  const common = {
    KAFKA_BROKERS: endpoints.brokers,
    KAFKA_CLIENT_ID: `${app}-${replica}`,
    DATABASE_URL: endpoints.databaseUrls[app],
    LOG_LEVEL: 'info',
  };
  const blobs = join(fixture.directory, 'blobs');
  switch (app) {
    case 'router':
      return common;
    case 'voice-ingest':
      return {
        ...common,
        TWILIO_ACCOUNT_SID: fixture.twilio.accountSid,
        TWILIO_AUTH_TOKEN: fixture.twilio.authToken,
        TWILIO_API_BASE_URL: NO_PROVIDER_API,
        TWILIO_WEBHOOK_BASE_URL: endpoints.publicUrls['voice-ingest'],
        TWILIO_NUMBERS: JSON.stringify({ [fixture.twilio.line]: { tenantId: fixture.tenantId } }),
        SPOOL_DIR: spoolDir(fixture, app, replica),
        BLOB_STORE_DIR: blobs,
      };
    case 'social-ingest':
      return {
        ...common,
        WHATSAPP_CLOUD_NUMBERS: JSON.stringify({ [fixture.whatsapp.phoneNumberId]: { tenantId: fixture.tenantId } }),
        WHATSAPP_CLOUD_GRAPH_BASE_URL: NO_PROVIDER_API,
        WHATSAPP_CLOUD_ACCESS_TOKEN: fixture.whatsapp.accessToken,
        WHATSAPP_CLOUD_APP_SECRETS: fixture.whatsapp.appSecret,
        WHATSAPP_CLOUD_VERIFY_TOKEN: fixture.whatsapp.verifyToken,
        WHATSAPP_CLOUD_WEBHOOK_BASE_URL: endpoints.publicUrls['social-ingest'],
        BLOB_STORE_DIR: blobs,
      };
    case 'email-ingest': {
      const mail = endpoints.mail;
      const mailboxes = fixture.mailboxes.map((address, index) => ({
        key: `${fixture.runId}-${index}`,
        tenantId: fixture.tenantId,
        address,
        ...(mail && inboundSmtpPort === undefined ? { user: address, password: address, host: mail.host, port: mail.imapPort, secure: false } : {}),
      }));
      return {
        ...common,
        EMAIL_MAILBOXES: JSON.stringify(mailboxes),
        // Replies are not sent in a rollout; without GreenMail the reply server is a port nothing listens on.
        EMAIL_SMTP_HOST: mail?.host ?? '127.0.0.1',
        EMAIL_SMTP_PORT: String(mail?.smtpPort ?? 9),
        EMAIL_SMTP_SECURE: 'false',
        ...(inboundSmtpPort === undefined ? {} : { EMAIL_INBOUND_SMTP_HOST: '127.0.0.1', EMAIL_INBOUND_SMTP_PORT: String(inboundSmtpPort) }),
        BLOB_STORE_DIR: blobs,
      };
    }
  }
}

/** The spool directory of a replica (voice-ingest's, the only app here that spools). */
export const spoolDir = (fixture: RolloutFixture, app: RolloutApp, replica: number): string => join(fixture.directory, `${app}-${replica}`, 'spool');
