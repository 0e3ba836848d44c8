/** The emulation's options and records (types only, shared by the emulator, its parts and tests). */
import type { WhatsappBusinessNumber, WhatsappStatus } from './whatsapp-webhook.builder';

export interface WhatsappTemplate {
  readonly name: string;
  /** The language code a send names in `template.language.code`, e.g. 'en_US'. */
  readonly language: string;
  /** How many parameters the body component takes; unchecked when absent. */
  readonly bodyParameters?: number;
}

export interface GraphApiEmulatorOptions {
  readonly accessToken: string;
  /** Signs the status webhooks, as the Meta app's secret does. */
  readonly appSecret: string;
  /** 'v23.0' unless given; any other version is answered with Graph's unknown-path error. */
  readonly apiVersion?: string;
  readonly numbers: readonly WhatsappBusinessNumber[];
  readonly templates?: readonly WhatsappTemplate[];
  /** Where status webhooks go; none are delivered (they are kept as undelivered) until one is set. */
  readonly webhookUrl?: string;
  readonly port?: number;
  /** The clock for the 24-hour window, media URL expiry and timestamps. */
  readonly now?: () => Date;
}

/** A send request the emulation accepted, as parsed. */
export interface WhatsappSendRequest {
  readonly to?: string;
  readonly recipient?: string;
  readonly type: 'text' | 'template';
  readonly text?: { readonly body: string; readonly preview_url?: boolean };
  readonly template?: { readonly name: string; readonly language: { readonly code: string; readonly policy?: string }; readonly components?: readonly unknown[] };
  readonly context?: { readonly message_id: string };
  readonly biz_opaque_callback_data?: string;
}

export interface SentWhatsappMessage {
  readonly phoneNumberId: string;
  /** The request body as the app sent it (parsed JSON). */
  readonly body: WhatsappSendRequest;
  readonly messageId: string;
  readonly acceptedAt: Date;
}

export interface RefusedGraphRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly code: number;
}

/** A status webhook and how its delivery ended: `httpStatus` 0 when no answer came (or no URL was set). */
export interface StatusDelivery {
  readonly messageId: string;
  readonly status: WhatsappStatus;
  readonly payload: unknown;
  readonly attempts: number;
  readonly httpStatus: number;
}
