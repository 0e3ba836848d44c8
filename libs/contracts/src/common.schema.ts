import { z } from 'zod';

/** Building blocks shared by every contract. Limits keep one record well under Kafka's 1 MiB default. */

export const TenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case slug of letters, digits and dashes (1-63 characters)')
  .describe('The company (tenant) the message belongs to.');

export const TimestampSchema = z.iso.datetime({ offset: true }).describe('An ISO 8601 timestamp with a time zone.');

export const UuidSchema = z.uuid();

/** W3C trace-context trace id: 32 lower-case hex digits, not all zero. */
export const TraceIdSchema = z
  .string()
  .regex(/^(?!0{32})[0-9a-f]{32}$/, 'must be a W3C trace id (32 lower-case hex digits)')
  .describe('W3C trace-context trace id, carried from the first hop to the helpdesk.');

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const E164PhoneSchema = z.string().regex(E164_PATTERN, 'must be a phone number in E.164 form, e.g. +4915112345678');

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 digest in lower-case hex');

/** Small, flat provider-specific values that have no field of their own. */
export const ProviderExtrasSchema = z
  .record(z.string().max(128), z.union([z.string().max(2048), z.number(), z.boolean(), z.null()]))
  .refine((extras) => Object.keys(extras).length <= 64, 'must have at most 64 entries')
  .describe('Provider-specific values without a field of their own (flat, small).');

export const MAX_TEXT_LENGTH = 256 * 1024;
export const MAX_HTML_LENGTH = 512 * 1024;
/** HTML a ticket event carries; with the text and the snapshot beside it, the event stays well inside a 1 MB record. */
export const MAX_EVENT_HTML_LENGTH = 256 * 1024;
