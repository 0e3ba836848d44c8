import { z } from 'zod';
import { graphError, type GraphError } from './graph-error-catalog';
import type { WhatsappSendRequest, WhatsappTemplate } from './graph-api-emulator.types';

const PHONE = /^\+?\d{6,20}$/;
/** ISO country, ".", optionally "ENT." for a parent id, then up to 128 alphanumerics (META-BSUID). */
const BSUID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;
const MAX_TEXT = 4096;
const MAX_CALLBACK_DATA = 512;

/** Any object: each field is then checked in turn, so the refusal names what Meta would name. */
const LooseBody = z.looseObject({
  messaging_product: z.unknown().optional(),
  to: z.unknown().optional(),
  recipient: z.unknown().optional(),
  recipient_type: z.unknown().optional(),
  type: z.unknown().optional(),
  text: z.unknown().optional(),
  template: z.unknown().optional(),
  context: z.unknown().optional(),
  biz_opaque_callback_data: z.unknown().optional(),
});

const TextPart = z.object({ body: z.string().min(1), preview_url: z.boolean().optional() });
const TemplatePart = z.object({
  name: z.string().min(1),
  language: z.object({ code: z.string().min(1), policy: z.string().optional() }),
  components: z.array(z.looseObject({ type: z.string(), parameters: z.array(z.unknown()).optional() })).optional(),
});
const ContextPart = z.object({ message_id: z.string().min(1) });

export type SendValidation = { readonly ok: true; readonly request: WhatsappSendRequest } | { readonly ok: false; readonly error: GraphError };

const refuse = (error: GraphError): SendValidation => ({ ok: false, error });

/**
 * Checks a `POST /{phone-number-id}/messages` body the way the Cloud API does, one field after
 * another: messaging_product, the recipient (`to` or a BSUID in `recipient`), the type and its part,
 * then context and biz_opaque_callback_data. The order Meta checks in is assumed, not confirmed.
 * Message types other than text and template are not emulated and are refused like unknown ones.
 */
export function validateSendRequest(json: unknown, templates: readonly WhatsappTemplate[]): SendValidation {
  const parsed = LooseBody.safeParse(json);
  if (!parsed.success) return refuse(graphError('invalid-parameter', { message: '(#100) Invalid parameter', details: 'The request body must be a JSON object.' }));
  const body = parsed.data;
  if (body.messaging_product === undefined) return refuse(graphError('missing-parameter', { parameter: 'messaging_product' }));
  if (body.messaging_product !== 'whatsapp') {
    return refuse(graphError('invalid-parameter', { message: `(#100) Param messaging_product must be one of {WHATSAPP} - got ${JSON.stringify(body.messaging_product)}.` }));
  }
  const recipientRefusal = recipientError(body.to, body.recipient, body.recipient_type);
  if (recipientRefusal) return refuse(recipientRefusal);
  // Meta documents `type` as optional, text by default.
  const type = body.type ?? 'text';
  let part: Pick<WhatsappSendRequest, 'text' | 'template'>;
  if (type === 'text') {
    const text = TextPart.safeParse(body.text);
    if (!text.success) {
      const bodyText = typeof body.text === 'object' && body.text !== null ? (body.text as Record<string, unknown>)['body'] : undefined;
      if (typeof bodyText !== 'string' || bodyText === '') return refuse(graphError('missing-parameter', { parameter: "text['body']" }));
      return refuse(graphError('invalid-parameter', { message: "(#100) Param text['preview_url'] must be a boolean." }));
    }
    if (text.data.body.length > MAX_TEXT) return refuse(graphError('text-too-long', { length: text.data.body.length }));
    part = { text: text.data };
  } else if (type === 'template') {
    const template = TemplatePart.safeParse(body.template);
    if (!template.success) return refuse(graphError('missing-parameter', { parameter: templateMissingField(body.template) }));
    const templateRefusal = templateError(template.data, templates);
    if (templateRefusal) return refuse(templateRefusal);
    part = { template: template.data };
  } else {
    return refuse(graphError('invalid-parameter', { message: `(#100) Param type must be one of {TEXT, TEMPLATE} in this emulation - got ${JSON.stringify(type)}.` }));
  }
  let context: WhatsappSendRequest['context'];
  if (body.context !== undefined) {
    const parsedContext = ContextPart.safeParse(body.context);
    if (!parsedContext.success) return refuse(graphError('missing-parameter', { parameter: "context['message_id']" }));
    context = parsedContext.data;
  }
  const callbackData = body.biz_opaque_callback_data;
  if (callbackData !== undefined && (typeof callbackData !== 'string' || callbackData.length > MAX_CALLBACK_DATA)) {
    return refuse(graphError('invalid-parameter', { message: `(#100) Param biz_opaque_callback_data must be a string of at most ${MAX_CALLBACK_DATA} characters.` }));
  }
  return {
    ok: true,
    request: {
      ...(typeof body.to === 'string' ? { to: body.to } : {}),
      ...(typeof body.recipient === 'string' ? { recipient: body.recipient } : {}),
      type,
      ...part,
      ...(context ? { context } : {}),
      ...(typeof callbackData === 'string' ? { biz_opaque_callback_data: callbackData } : {}),
    },
  };
}

/** Both `to` and `recipient` may be given (Meta's precedence is unconfirmed): each must then be valid. */
function recipientError(to: unknown, recipient: unknown, recipientType: unknown): GraphError | undefined {
  if ((to === undefined || to === '') && (recipient === undefined || recipient === '')) return graphError('missing-parameter', { parameter: 'to' });
  if (to !== undefined && to !== '' && (typeof to !== 'string' || !PHONE.test(to))) {
    return graphError('parameter-value-invalid', { details: `Invalid parameter to: ${JSON.stringify(to)} is not a phone number (digits, optionally after "+").` });
  }
  if (recipient !== undefined && recipient !== '' && (typeof recipient !== 'string' || !BSUID.test(recipient))) {
    return graphError('parameter-value-invalid', { details: `Invalid parameter recipient: ${JSON.stringify(recipient)} is not a business-scoped user id.` });
  }
  if (recipientType !== undefined && recipientType !== 'individual') {
    return graphError('invalid-parameter', { message: `(#100) Param recipient_type must be one of {INDIVIDUAL} - got ${JSON.stringify(recipientType)}.` });
  }
  return undefined;
}

function templateMissingField(template: unknown): string {
  if (typeof template !== 'object' || template === null) return 'template';
  const fields = template as Record<string, unknown>;
  if (typeof fields['name'] !== 'string' || fields['name'] === '') return "template['name']";
  const language = fields['language'];
  if (typeof language !== 'object' || language === null || typeof (language as Record<string, unknown>)['code'] !== 'string') return "template['language']['code']";
  return "template['components']";
}

function templateError(template: z.infer<typeof TemplatePart>, templates: readonly WhatsappTemplate[]): GraphError | undefined {
  const known = templates.find((candidate) => candidate.name === template.name && candidate.language === template.language.code);
  if (!known) return graphError('template-missing', { name: template.name, language: template.language.code });
  if (known.bodyParameters === undefined) return undefined;
  const given = (template.components ?? []).filter((component) => component.type === 'body').reduce((sum, component) => sum + (component.parameters?.length ?? 0), 0);
  return given === known.bodyParameters ? undefined : graphError('template-param-mismatch', { given, expected: known.bodyParameters });
}
