import type { OpenAPIObject } from '@nestjs/swagger';
import { TicketSnapshotV1Schema } from '@tributary/contracts';
import { z } from 'zod';
import { ContactMergeBody, MergeBody, ReplyBody, StatusBody, UnmergeBody } from './queue-requests.schema';

// Request bodies come from the same zod schemas that validate them, so the document can't drift.
const schemaOf = (schema: z.ZodType): Record<string, unknown> => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });

const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const pathId = (name: string) => ({ name, in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } });
const ticketId = pathId('ticketId');
const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });

/** The OpenAPI 3 document of the queue API, served at /docs (UI) and /docs-json. */
export function queueOpenApiDocument(): OpenAPIObject {
  return {
    openapi: '3.0.3',
    info: { title: 'Tributary queue API', version: '1', description: 'The unified ticket queue, scoped to the tenant of the API key.' },
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Per-tenant API key' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['error', 'message'] },
        Ticket: schemaOf(TicketSnapshotV1Schema.omit({ schemaVersion: true, channels: true, messageCount: true }).extend({ token: z.string() })),
        ReplyRequest: schemaOf(ReplyBody.schema),
        StatusRequest: schemaOf(StatusBody.schema),
        MergeRequest: schemaOf(MergeBody.schema),
        ContactMergeRequest: schemaOf(ContactMergeBody.schema),
        UnmergeRequest: schemaOf(UnmergeBody.schema),
      },
    },
    paths: {
      '/v1/tickets': {
        get: {
          summary: 'List the queue, newest activity first',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'pending', 'solved', 'closed'] } },
            { name: 'channel', in: 'query', schema: { type: 'string' } },
            { name: 'updatedSince', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          ],
          responses: {
            '200': { description: 'A page of tickets', content: { 'application/json': { schema: { type: 'object', properties: { tickets: { type: 'array', items: { $ref: '#/components/schemas/Ticket' } }, nextCursor: { type: 'string', nullable: true } } } } } },
            '400': error,
            '401': error,
          },
        },
      },
      '/v1/tickets/{ticketId}': {
        get: {
          summary: 'A ticket with its messages (and the rule that placed each), its contact, and agent replies with their latest delivery state',
          parameters: [ticketId],
          responses: { '200': { description: 'The ticket' }, '401': error, '404': error },
        },
        patch: {
          summary: 'Change the status',
          parameters: [ticketId],
          requestBody: { required: true, ...json('StatusRequest') },
          responses: { '200': { description: 'New status and sequence' }, '400': error, '401': error, '404': error, '409': error },
        },
      },
      '/v1/tickets/{ticketId}/replies': {
        post: {
          summary: "Reply to the customer on their latest channel (or the one named), continuing the channel's thread",
          parameters: [ticketId],
          requestBody: { required: true, ...json('ReplyRequest') },
          responses: { '202': { description: 'Queued for sending: outboundId and channel' }, '400': error, '401': error, '404': error, '422': error },
        },
      },
      '/v1/tickets/{ticketId}/merge': {
        post: {
          summary: 'Merge this ticket into another of the same tenant; this one is closed',
          parameters: [ticketId],
          requestBody: { required: true, ...json('MergeRequest') },
          responses: { '200': { description: 'The surviving ticket and its sequence' }, '400': error, '401': error, '404': error, '409': error },
        },
      },
      '/v1/contacts/{contactId}': {
        get: {
          summary: 'A contact with its identities, its tickets and the merges it took part in (newest first)',
          parameters: [pathId('contactId')],
          responses: { '200': { description: 'The contact' }, '401': error, '404': error },
        },
      },
      '/v1/contacts/{contactId}/merge': {
        post: {
          summary:
            'Merge this contact into another of the same tenant: identities and tickets follow; if both have an open ticket the newer is closed as merged into the older. Announced on the ticket stream.',
          parameters: [pathId('contactId')],
          requestBody: { required: true, ...json('ContactMergeRequest') },
          responses: {
            '200': { description: 'mergeId (for an unmerge), the target contactId, the tickets handed over, the ticket closed and the one it was merged into' },
            '400': error,
            '401': error,
            '404': error,
            '409': error,
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
            '200': { description: 'The identities restored, the tickets handed back and the ticket reopened (or null)' },
            '400': error,
            '401': error,
            '404': error,
            '409': { ...error, description: 'Already reverted' },
          },
        },
      },
    },
  };
}
