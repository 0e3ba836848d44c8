import { stringify } from 'yaml';
import { z } from 'zod';
import { AttachmentStatusV1Schema } from './attachment-status.v1';
import { ProviderExtrasSchema } from './common.schema';
import { ContactIdentitySchema } from './contact-identity.schema';
import { Contract, contractLabel } from './contract';
import { ALL_CONTRACTS } from './contracts';
import { DeliveryStatusV1Schema } from './delivery-status.v1';
import { NO_ASCII_CAPITALS } from './email-address.schema';
import { InboundMessageV1Schema } from './inbound-message.v1';
import { PendingAttachmentSchema } from './pending-attachment.schema';
import { TOPIC_CATALOG } from './topic-catalog';
import { HEADERS } from './topics';

const SCHEMA_BASE_ID = 'https://tributary.dev/schemas';

function schemaFileName(contract: Contract): string {
  return `${contract.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.v${contract.version}.schema.json`;
}

type Check = z.core.$ZodCheck;

function refinementsOf(schema: z.core.$ZodType): Check[] {
  return (schema._zod.def.checks ?? []).filter((check) => check._zod.def.check === 'custom');
}

/** `then` is required when `property` has one of `values`. */
function requiredWhen(property: string, values: readonly string[], then: string): Record<string, unknown> {
  return { if: { properties: { [property]: { enum: values } }, required: [property] }, then: { required: [then] } };
}

function emailIdentityValue(): z.ZodType {
  for (const option of ContactIdentitySchema.options) if (option.shape.kind.value === 'email') return option.shape.value;
  throw new Error('ContactIdentity has no email kind');
}

/**
 * A zod refinement (refine, superRefine) is code, so z.toJSONSchema leaves it out and a published
 * schema would accept records the router dead-letters. Each refinement of a contract is therefore
 * said once more here in JSON Schema, next to the schema that holds it; it is found by its check,
 * which the copies zod makes of a schema (describe, default) share.
 */
const REFINEMENTS_IN_JSON_SCHEMA: readonly (readonly [z.core.$ZodType, Record<string, unknown>])[] = [
  [
    InboundMessageV1Schema,
    {
      description: 'voice is required when channel is "voice"; the attachmentIds of pendingAttachments are unique',
      $comment: 'Unique by a property is not expressible in JSON Schema: consumers check it.',
      if: { properties: { channel: { const: 'voice' } }, required: ['channel'] },
      then: { required: ['voice'] },
    },
  ],
  [
    InboundMessageV1Schema.shape.autoSubmitted,
    { description: 'reason is only allowed when flagged', if: { properties: { flagged: { const: false } }, required: ['flagged'] }, then: { not: { required: ['reason'] } } },
  ],
  [ProviderExtrasSchema, { description: 'at most 64 entries', maxProperties: 64 }],
  // The refinement tests this very pattern, so the two cannot disagree.
  [emailIdentityValue(), { description: 'must be lower-case', pattern: NO_ASCII_CAPITALS.source }],
  [PendingAttachmentSchema, { description: 'error is required when state is "failed"', ...requiredWhen('state', ['failed'], 'error') }],
  [
    DeliveryStatusV1Schema,
    { description: 'error is required when state is "failed" or "undelivered"', ...requiredWhen('state', ['failed', 'undelivered'], 'error') },
  ],
  [
    AttachmentStatusV1Schema,
    {
      description: 'attachment is required when state is "stored"; error is required, and attachment not allowed, when state is "failed"',
      allOf: [
        requiredWhen('state', ['stored'], 'attachment'),
        { if: { properties: { state: { const: 'failed' } }, required: ['state'] }, then: { required: ['error'], not: { required: ['attachment'] } } },
      ],
    },
  ],
];

const JSON_SCHEMA_BY_REFINEMENT = new Map<Check, Record<string, unknown>>(
  REFINEMENTS_IN_JSON_SCHEMA.map(([schema, rule]) => {
    const [check, ...others] = refinementsOf(schema);
    if (!check || others.length > 0) throw new Error(`expected one refinement on the schema of rule "${String(rule['description'])}"`);
    return [check, rule];
  }),
);

/**
 * JSON Schema (2020-12) of what a producer may write: fields with defaults are optional, and every
 * refinement the contract checks is stated too. A refinement without its JSON Schema throws, so a
 * new one cannot leave the published schema silently looser than the contract.
 */
export function toJsonSchema(contract: Contract): Record<string, unknown> {
  const schema = z.toJSONSchema(contract.schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema, path }) => {
      for (const check of refinementsOf(zodSchema)) {
        const rule = JSON_SCHEMA_BY_REFINEMENT.get(check);
        if (!rule) {
          throw new Error(`${contractLabel(contract)}: the refinement at /${path.join('/')} has no JSON Schema; add it to REFINEMENTS_IN_JSON_SCHEMA in contract-documents.ts`);
        }
        const allOf = jsonSchema.allOf ?? [];
        if (!allOf.includes(rule)) jsonSchema.allOf = [...allOf, rule];
      }
    },
  });
  return {
    ...schema,
    $id: `${SCHEMA_BASE_ID}/${schemaFileName(contract)}`,
    title: `${contract.name} v${contract.version}`,
  };
}

const headerSchema = {
  type: 'object',
  properties: {
    [HEADERS.contract]: { type: 'string', description: 'Contract name, e.g. InboundMessage.' },
    [HEADERS.contractVersion]: { type: 'string', description: 'Contract version, e.g. 1.' },
    [HEADERS.traceId]: { type: 'string', description: 'W3C trace id of the message.' },
    [HEADERS.contentType]: { type: 'string', const: 'application/json' },
  },
};

/** AsyncAPI 3.0 description of every topic, its key, its payload schema and who sends or receives. */
export function toAsyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const topic of TOPIC_CATALOG) {
    const channelId = topic.name.replace(/\./g, '-');
    const messageId = topic.contract ? `${topic.contract.name}V${topic.contract.version}` : 'DeadLetterRecord';
    messages[messageId] = {
      name: messageId,
      title: topic.contract ? `${topic.contract.name} v${topic.contract.version}` : 'Dead-lettered record',
      contentType: topic.contract ? 'application/json' : 'application/octet-stream',
      headers: headerSchema,
      payload: topic.contract ? { $ref: `./json-schema/${schemaFileName(topic.contract)}` } : { description: 'The original bytes.' },
      bindings: { kafka: { key: { type: 'string', description: topic.key }, bindingVersion: '0.5.0' } },
    };
    channels[channelId] = {
      address: topic.name,
      description: topic.description,
      messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } },
      bindings: {
        kafka: { topic: topic.name, topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy] }, bindingVersion: '0.5.0' },
      },
    };
    operations[`publish-${channelId}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Written by ${topic.producers.join(', ')}.`,
    };
    operations[`consume-${channelId}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Read by ${topic.consumers.join(', ')}.`,
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Tributary topics',
      version,
      description: 'Every customer channel, one ticket stream. Generated from libs/contracts; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

/** Every generated file, by path relative to libs/contracts/generated. */
export function renderContractDocuments(version: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const contract of ALL_CONTRACTS) {
    files.set(`json-schema/${schemaFileName(contract)}`, `${JSON.stringify(toJsonSchema(contract), null, 2)}\n`);
  }
  files.set('asyncapi.yaml', `# Generated by \`npm run contracts:generate\`; do not edit.\n${stringify(toAsyncApiDocument(version))}`);
  return files;
}
