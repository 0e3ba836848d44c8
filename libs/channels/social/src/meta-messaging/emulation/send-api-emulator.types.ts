/** The Send API emulation's options and records (types only, shared by the emulator, its parts and tests). */

export interface EmulatedMetaAccount {
  /** The page id (Messenger) or Instagram account id (Instagram). */
  readonly id: string;
  readonly channel: 'messenger' | 'instagram';
  /** The page access token that sends as this account (for Instagram, its linked page's). */
  readonly token: string;
  /** Meta granted the page the Human Agent feature (MESSAGE_TAG HUMAN_AGENT up to 7 days). */
  readonly humanAgentTag?: boolean;
}

/**
 * When the echo of an accepted send is posted: after the Send API answered (what Meta usually does),
 * before it answers (the race that doubles replies in naive helpdesks), or not at all.
 */
export type EchoTiming = 'after-answer' | 'before-answer' | 'none';

export interface SendApiEmulatorOptions {
  readonly accounts: readonly EmulatedMetaAccount[];
  /** Signs the webhooks, as the Meta app's secret does. */
  readonly appSecret: string;
  /** 'v23.0' unless given; any other version is answered with Graph's unknown-path error. */
  readonly apiVersion?: string;
  /** Where webhooks go; none are delivered (they are kept as undelivered) until one is set. */
  readonly webhookUrl?: string;
  readonly port?: number;
  /** The Meta app's id, carried by echoes as `app_id`. */
  readonly appId?: string;
  readonly echoes?: EchoTiming;
  /** The clock for the messaging windows and timestamps. */
  readonly now?: () => Date;
}

/** A send request the emulation accepted, as parsed. */
export interface SendApiRequest {
  readonly recipient: { readonly id: string };
  readonly messaging_type: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  readonly tag?: 'HUMAN_AGENT';
  readonly message: { readonly text: string; readonly metadata?: string };
}

export interface SentMetaMessage {
  readonly accountId: string;
  readonly body: SendApiRequest;
  readonly messageId: string;
  readonly acceptedAt: Date;
}

export interface RefusedSendApiRequest {
  readonly path: string;
  readonly status: number;
  readonly code: number;
  readonly subcode?: number;
}
