import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { consolePaths } from './console/console-openapi';
import { ChannelHealthResponse, TenantListResponse } from './console/console-responses.schema';
import { DeadLetterDetailResponse, DeadLetterListResponse, DeadLetterResponse, RedriveResponse } from './operator/dead-letter-responses.schema';
import { deadLetterOperatorPaths } from './operator/dead-letters-openapi';
import { QueueApiErrorCode } from './queue-api.error';
import { withTenantHeader } from './tenant-header-openapi';
import { ContactMergeBody, MergeBody, REPLY_BODY_LIMIT_BYTES, ReplyBody, StatusBody, UnmergeBody } from './queue-requests.schema';
import {
  ContactDetailResponse,
  ContactMergeResponse,
  ContactUnmergeResponse,
  ReplyQueuedResponse,
  ReplyTooLargeDetails,
  ReplyTooLongDetails,
  StatusChangeResponse,
  TicketDetailResponse,
  TicketMergeResponse,
  TicketPageResponse,
  TicketSummaryResponse,
} from './queue-responses.schema';

// Request bodies come from the zod schemas that validate them and responses from the schemas the
// views are typed by, so the document can't drift from the code.
const requestSchemaOf = (schema: z.ZodType): Record<string, unknown> => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });

const responses = z.registry<{ id: string }>();
responses.add(TicketSummaryResponse, { id: 'Ticket' });
responses.add(TicketPageResponse, { id: 'TicketPage' });
responses.add(TicketDetailResponse, { id: 'TicketDetail' });
responses.add(StatusChangeResponse, { id: 'StatusChange' });
responses.add(ReplyQueuedResponse, { id: 'ReplyQueued' });
responses.add(TicketMergeResponse, { id: 'TicketMerge' });
responses.add(ContactDetailResponse, { id: 'Contact' });
responses.add(ContactMergeResponse, { id: 'ContactMerge' });
responses.add(ContactUnmergeResponse, { id: 'ContactUnmerge' });
responses.add(ReplyTooLongDetails, { id: 'ReplyTooLongDetails' });
responses.add(ReplyTooLargeDetails, { id: 'ReplyTooLargeDetails' });
responses.add(DeadLetterResponse, { id: 'DeadLetter' });
responses.add(DeadLetterDetailResponse, { id: 'DeadLetterDetail' });
responses.add(DeadLetterListResponse, { id: 'DeadLetterList' });
responses.add(RedriveResponse, { id: 'Redrive' });
responses.add(ChannelHealthResponse, { id: 'ChannelHealth' });
responses.add(TenantListResponse, { id: 'TenantList' });

function responseSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(responses, {
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
    // zod closes output objects (additionalProperties: false); a response may gain fields later
    // without breaking clients generated from this document, so they stay open here.
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  });
  // An OpenAPI 3.0 schema object has no $id; components are named by their key.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => [id, schema]));
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { 'application/json': { schema: ref(id) } } });
const ok = (description: string, id: string) => ({ description, ...json(id) });
const error = { description: 'Error', ...json('Error') };
const tooLarge = { description: 'The body is larger than the route reads', ...json('Error') };
const pathId = (name: string) => ({ name, in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } });
const ticketId = pathId('ticketId');

/** The OpenAPI 3 document of the queue API, served at /docs (UI) and /docs-json. */
export function queueOpenApiDocument(): OpenAPIObject {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tributary queue API',
      version: '1',
      description: 'The unified ticket queue, scoped to the tenant of the API key; and, under /v1/operator, what operators see across tenants (operator keys only).',
    },
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "Per-tenant API key. An operator key opens these routes too when X-Tributary-Tenant names the tenant it acts for (400 without it); a tenant key naming another tenant there is refused with 403.",
        },
        operatorKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Operator key (ROUTER_OPERATOR_KEYS): every tenant; the /v1/operator routes, and the tenant routes with X-Tributary-Tenant',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: { type: 'string' },
            message: { type: 'string' },
            details: { description: 'What the error is about, e.g. the issues of a 400, each with the path of its field' },
            statusCode: { type: 'integer', description: 'Set on errors answered before a route runs: 401, 413, a body that is no JSON' },
          },
          required: ['error', 'message'],
        },
        ReplyRefused: {
          type: 'object',
          properties: {
            error: { type: 'string', enum: [QueueApiErrorCode.NoReplyChannel, QueueApiErrorCode.ReplyTooLong, QueueApiErrorCode.ReplyTooLarge] },
            message: { type: 'string' },
            details: { anyOf: [ref('ReplyTooLongDetails'), ref('ReplyTooLargeDetails')] },
          },
          required: ['error', 'message'],
        },
        ...responseSchemas(),
        ReplyRequest: requestSchemaOf(ReplyBody.schema),
        StatusRequest: requestSchemaOf(StatusBody.schema),
        MergeRequest: requestSchemaOf(MergeBody.schema),
        ContactMergeRequest: requestSchemaOf(ContactMergeBody.schema),
        UnmergeRequest: requestSchemaOf(UnmergeBody.schema),
      },
    },
    paths: withTenantHeader({
      '/v1/tickets': {
        get: {
          summary: 'List the queue, newest activity first',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'pending', 'solved', 'closed'] } },
            { name: 'channel', in: 'query', schema: { type: 'string' } },
            {
              name: 'updatedSince',
              in: 'query',
              schema: { type: 'string', format: 'date-time' },
              description: 'From 0001-01-01 on, with an offset within ±15:59 (what PostgreSQL stores)',
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page, as it was' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          ],
          responses: { '200': ok('A page of tickets', 'TicketPage'), '400': error, '401': error },
        },
      },
      '/v1/tickets/{ticketId}': {
        get: {
          summary: 'A ticket with its messages (and the rule that placed each), its contact, and agent replies with their latest delivery state',
          parameters: [ticketId],
          responses: { '200': ok('The ticket', 'TicketDetail'), '401': error, '404': error },
        },
        patch: {
          summary: 'Change the status',
          parameters: [ticketId],
          requestBody: { required: true, ...json('StatusRequest') },
          responses: { '200': ok('New status and sequence', 'StatusChange'), '400': error, '401': error, '404': error, '409': error, '413': tooLarge },
        },
      },
      '/v1/tickets/{ticketId}/messages/{messageId}/attachments/{sha256}': {
        get: {
          summary: "The bytes of a stored attachment of the customer's message (its downloadPath in the ticket), always as a download",
          parameters: [ticketId, pathId('messageId'), { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }],
          responses: {
            '200': {
              description: 'The bytes, with the type the sender gave, Content-Disposition: attachment with the file name, nosniff and a sandboxing CSP',
              content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
            },
            '401': error,
            '404': { description: 'ATTACHMENT_NOT_FOUND: no such stored attachment on this message of the tenant, or its bytes are not in the blob store', ...json('Error') },
          },
        },
      },
      '/v1/tickets/{ticketId}/replies': {
        post: {
          summary: "Reply to the customer on their latest channel (or the one named), continuing the channel's thread",
          parameters: [ticketId],
          requestBody: {
            required: true,
            description: `JSON of at most ${REPLY_BODY_LIMIT_BYTES} bytes: room for the longest text ReplyRequest allows even with every character escaped as \\uXXXX.`,
            ...json('ReplyRequest'),
          },
          responses: {
            '202': ok('Queued for sending on the channel named', 'ReplyQueued'),
            '400': error,
            '401': error,
            '404': error,
            '413': tooLarge,
            '422': {
              description:
                'NO_REPLY_CHANNEL: no customer message (on the channel named) to answer; REPLY_TOO_LONG: longer than the channel takes, with the measure in details; REPLY_TOO_LARGE: its record would be larger than the outbound topic takes',
              ...json('ReplyRefused'),
            },
          },
        },
      },
      '/v1/tickets/{ticketId}/merge': {
        post: {
          summary: 'Merge this ticket into another of the same tenant; this one is closed',
          parameters: [ticketId],
          requestBody: { required: true, ...json('MergeRequest') },
          responses: { '200': ok('The surviving ticket and its sequence', 'TicketMerge'), '400': error, '401': error, '404': error, '409': error, '413': tooLarge },
        },
      },
      '/v1/contacts/{contactId}': {
        get: {
          summary: 'A contact with its identities, its tickets and the merges it took part in (newest first)',
          parameters: [pathId('contactId')],
          responses: { '200': ok('The contact', 'Contact'), '401': error, '404': error },
        },
      },
      '/v1/contacts/{contactId}/merge': {
        post: {
          summary:
            'Merge this contact into another of the same tenant: identities and tickets follow; if both have an open ticket the newer is closed as merged into the older. Announced on the ticket stream.',
          parameters: [pathId('contactId')],
          requestBody: { required: true, ...json('ContactMergeRequest') },
          responses: {
            '200': ok('mergeId (for an unmerge), the target contactId, the tickets handed over, the ticket closed and the one it was merged into', 'ContactMerge'),
            '400': error,
            '401': error,
            '404': error,
            '409': error,
            '413': tooLarge,
          },
        },
      },
      '/v1/contact-merges/{mergeId}/unmerge': {
        post: {
          summary:
            'Undo a contact merge: the identities and tickets it moved go back; the ticket it closed is reopened with its old status unless it moved on since or its contact has another open ticket. Messages received after the merge stay where they landed.',
          parameters: [pathId('mergeId')],
          requestBody: { required: true, ...json('UnmergeRequest') },
          responses: {
            '200': ok('The identities restored, the tickets handed back and the ticket reopened (or null)', 'ContactUnmerge'),
            '400': error,
            '401': error,
            '404': error,
            '409': { ...error, description: 'Already reverted, or a later merge must be undone first' },
            '413': tooLarge,
          },
        },
      },
      ...deadLetterOperatorPaths(),
      ...consolePaths(),
    }),
  };
}
