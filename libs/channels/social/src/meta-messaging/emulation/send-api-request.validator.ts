import { z } from 'zod';
import { sendApiError, type SendApiError } from './send-api-error-catalog';
import type { SendApiRequest } from './send-api-emulator.types';

/** Messenger: "text must be UTF-8 and has a 2000 character limit" (Send API reference, `message.text`). */
const MESSENGER_TEXT_LIMIT = 2000;
/** Instagram: text "must be UTF-8 and 1000 bytes or less" (Instagram messaging, send a message). */
const INSTAGRAM_TEXT_BYTES = 1000;
/** `message.metadata`: "custom string that is delivered as a message echo. 1000 character limit." */
const METADATA_LIMIT = 1000;

const RequestSchema = z.object({
  recipient: z.object({ id: z.string().regex(/^\d{1,32}$/, 'recipient.id must be a page-scoped or Instagram-scoped id') }),
  messaging_type: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG'], 'messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG'),
  tag: z.string().optional(),
  message: z.object({ text: z.string().min(1, 'message.text must not be empty'), metadata: z.string().optional() }, 'message is required (this emulation sends text only)'),
});

export type ValidatedSend = { readonly ok: true; readonly request: SendApiRequest } | { readonly ok: false; readonly error: SendApiError };

/** The body of `POST /{version}/me/messages`, checked as strictly as Meta checks it, parameter by parameter. */
export function validateSendRequest(json: unknown, channel: 'messenger' | 'instagram'): ValidatedSend {
  const parsed = RequestSchema.safeParse(json);
  if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'invalid request');
  const { recipient, messaging_type: type, tag, message } = parsed.data;
  if (type === 'MESSAGE_TAG' && tag !== 'HUMAN_AGENT') return refuse('tag must be HUMAN_AGENT (the only tag this emulation knows) when messaging_type is MESSAGE_TAG');
  if (type !== 'MESSAGE_TAG' && tag !== undefined) return refuse('tag is only allowed with messaging_type MESSAGE_TAG');
  if (channel === 'messenger' && message.text.length > MESSENGER_TEXT_LIMIT) return refuse(`message.text has ${message.text.length} characters; the limit is ${MESSENGER_TEXT_LIMIT}`);
  const bytes = Buffer.byteLength(message.text, 'utf8');
  if (channel === 'instagram' && bytes > INSTAGRAM_TEXT_BYTES) return refuse(`message.text has ${bytes} UTF-8 bytes; Instagram's limit is ${INSTAGRAM_TEXT_BYTES}`);
  if (message.metadata !== undefined && message.metadata.length > METADATA_LIMIT) return refuse(`message.metadata has ${message.metadata.length} characters; the limit is ${METADATA_LIMIT}`);
  return {
    ok: true,
    request: {
      recipient: { id: recipient.id },
      messaging_type: type,
      ...(type === 'MESSAGE_TAG' ? { tag: 'HUMAN_AGENT' as const } : {}),
      message: { text: message.text, ...(message.metadata === undefined ? {} : { metadata: message.metadata }) },
    },
  };
}

function refuse(detail: string): ValidatedSend {
  return { ok: false, error: sendApiError('invalid-parameter', detail) };
}
