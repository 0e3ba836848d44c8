import { TenantIdSchema } from '@tributary/contracts';
import { jsonSetting, secret } from '@tributary/platform-config';
import { z } from 'zod';
import { VERIFIABLE_UPLOAD_TYPES } from '../attachments/content-sniff.util';

const OriginSchema = z.union([z.literal('*'), z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)]);

export const ChatTenantEntrySchema = z.strictObject({
  origins: z.array(OriginSchema).min(1, 'must list at least one origin (or "*")').max(100),
  anonymous: z.boolean().default(false),
  inbox: z.string().min(1).max(512).default('web-widget'),
  offlineForm: z.boolean().default(false),
});


/** `<tenant>:<secret>` entries; the message never repeats a value, which is a secret. */
const tenantSecretList = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}:.{32,512}$/, 'each entry must be <tenant id>:<secret of at least 32 characters>')).min(1, 'must name at least one entry'));

const secretList = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(z.string().min(32, 'each secret must be at least 32 characters')).min(1, 'must name at least one secret'));

const uploadTypeList = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== ''))
  .pipe(z.array(z.enum(VERIFIABLE_UPLOAD_TYPES as [string, ...string[]], { error: `each type must be one chat-ingest can verify: ${VERIFIABLE_UPLOAD_TYPES.join(', ')}` })));

const positive = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** The in-app chat's variables: tenants, their secrets, and the limits of the socket. */
export const chatConfigShape = {
  CHAT_TENANTS: jsonSetting(z.record(TenantIdSchema, ChatTenantEntrySchema))
    .optional()
    .describe('JSON object from each tenant id to {"origins": ["https://app.example.com"], "anonymous"?: boolean, "inbox"?: "web-widget", "offlineForm"?: boolean}; unset turns the chat off'),
  CHAT_TENANT_SECRETS: secret(
    tenantSecretList.optional().describe("Comma-separated <tenant id>:<HS256 secret> entries the tenants' backends sign visitor JWTs with; two for one tenant while one is rotated"),
  ),
  CHAT_ANONYMOUS_TOKEN_SECRETS: secret(
    secretList.optional().describe('Comma-separated secrets chat-ingest signs anonymous visitor tokens with, newest first (the first signs, all verify); required when a tenant admits anonymous visitors'),
  ),
  CHAT_ANONYMOUS_TOKEN_TTL_SECONDS: positive(365 * 24 * 3600, 5 * 365 * 24 * 3600).describe('How long an anonymous visitor stays the same contact without coming back'),
  CHAT_HELLO_TIMEOUT_MS: positive(10_000, 120_000).describe('How long a new socket may take to send hello before it is closed with 4408'),
  CHAT_HEARTBEAT_MS: positive(25_000, 300_000).describe('Interval of WebSocket pings; a socket that did not answer the previous one is terminated'),
  CHAT_MAX_FRAME_BYTES: positive(16 * 1024, 1024 * 1024).describe('Largest frame a widget may send; a larger one closes the socket with 4413'),
  CHAT_MAX_MESSAGE_LENGTH: positive(4_000, 100_000).describe('Longest message text, in characters; a longer one is refused with an error frame'),
  CHAT_MESSAGES_PER_MINUTE: positive(30, 10_000).describe("Messages one visitor may send per minute over all its sockets on a replica; more get a rate_limited error frame"),
  CHAT_MAX_CONNECTIONS_PER_IP: positive(20, 100_000).describe('Open sockets per client address on a replica; more are closed with 4429'),
  CHAT_MAX_CONNECTIONS_PER_TENANT: positive(5_000, 1_000_000).describe("Open sockets per tenant on a replica; more are closed with 4429"),
  CHAT_INTAKE_MAX_QUEUED: positive(1_000, 100_000).describe(
    'Visitor messages that may wait in line on a replica while DATABASE_POOL_SIZE - 2 are stored at once; past it a message gets an unavailable error frame with retryAfterMs',
  ),
  CHAT_HANDOFF_TIMEOUT_MS: positive(8_000, 30_000).describe('How long a message waits for Kafka before the widget is told to resend it later'),
  CHAT_UPLOAD_MAX_BYTES: positive(10 * 1024 * 1024, 100 * 1024 * 1024).describe('Largest attachment a visitor may upload (POST /chat/uploads); a larger one is answered 413'),
  CHAT_UPLOAD_TYPES: uploadTypeList
    .default([...VERIFIABLE_UPLOAD_TYPES])
    .describe('Comma-separated content types visitors may upload, each checked against the bytes; another is answered 415'),
  CHAT_TRUST_PROXY: z.stringbool().default(false).describe('Take the client address from X-Forwarded-For (behind a load balancer) for the per-address limit'),
};

export type ChatConfig = z.infer<z.ZodObject<typeof chatConfigShape>>;
