import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

/** The apps a rollout restarts, in the order it restarts them. */
export const ROLLOUT_APPS = ['router', 'email-ingest', 'voice-ingest', 'social-ingest'] as const;
export type RolloutApp = (typeof ROLLOUT_APPS)[number];

/** Replicas per app. */
export const REPLICAS = 2;

/**
 * Everything one run makes up: its tenant, the provider accounts its apps and its load generator
 * share (Twilio account and line, WhatsApp number and Meta app secret, two mailboxes GreenMail
 * creates on first delivery), and its working directory. Fresh for every run, so runs on one stack
 * never see each other's inputs.
 */
export interface RolloutFixture {
  readonly runId: string;
  readonly tenantId: string;
  readonly directory: string;
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly line: string };
  readonly whatsapp: { readonly phoneNumberId: string; readonly displayPhoneNumber: string; readonly wabaId: string; readonly appSecret: string; readonly accessToken: string; readonly verifyToken: string };
  /** GreenMail makes a user for an unknown recipient, with the address as login and password. */
  readonly mailboxes: readonly string[];
  /** Six random digits of the run: the first four in every phone number, all six in every customer's mail address. */
  readonly numberBase: string;
}

export function rolloutFixture(workRoot: string): RolloutFixture {
  const runId = randomUUID().replaceAll('-', '').slice(0, 8);
  return {
    runId,
    tenantId: `ro-${runId}`,
    directory: join(workRoot, `run-${runId}`),
    twilio: { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: `token-${randomUUID()}`, line: '+498912345678' },
    whatsapp: {
      phoneNumberId: String(300_000_000_000 + Math.floor(Math.random() * 1e9)),
      displayPhoneNumber: '15550783883',
      wabaId: '102290129340398',
      appSecret: `secret-${randomUUID()}`,
      accessToken: `token-${randomUUID()}`,
      verifyToken: `verify-${randomUUID()}`,
    },
    mailboxes: [`support-${runId}@acme.example`, `sales-${runId}@acme.example`],
    numberBase: String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0'),
  };
}
