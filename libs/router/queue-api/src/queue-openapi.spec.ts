import { Reflector } from '@nestjs/core';
import { CHANNEL_REPLY_LIMITS } from '@tributary/contracts';
import { BodyLimit } from '@tributary/platform-app';
import { queueOpenApiDocument } from './queue-openapi';
import { QueueController } from './queue.controller';

interface Schema {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly maxLength?: number;
  readonly required?: readonly string[];
  readonly properties?: Record<string, Schema>;
}

const document = queueOpenApiDocument();
const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;

describe('the queue OpenAPI document', () => {
  it('gives every success response a schema', () => {
    const successes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations as Record<string, { responses: Record<string, { content?: unknown }> }>).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => status.startsWith('2'))
          .map(([status, response]) => ({ route: `${method} ${path} ${status}`, documented: response.content !== undefined })),
      ),
    );
    expect(successes).toHaveLength(14);
    expect(successes.filter((success) => !success.documented)).toEqual([]);
  });

  it('describes a ticket as the API returns it: no tenantId, a subject that may be null', () => {
    expect(schemas['Ticket']?.properties).not.toHaveProperty('tenantId');
    expect(schemas['Ticket']?.required).not.toContain('tenantId');
    expect(schemas['Ticket']?.properties?.['subject']).toMatchObject({ type: 'string', nullable: true });
  });

  it('promises no longer reply than a channel takes, and the route reads every reply it promises', () => {
    const maxLength = schemas['ReplyRequest']?.properties?.['text']?.maxLength ?? 0;
    expect(maxLength).toBe(Math.max(...Object.values(CHANNEL_REPLY_LIMITS).map((limit) => limit.maxLength)));
    const bodyLimit = new Reflector().get(BodyLimit, QueueController.prototype.reply) ?? 0;
    // Each character written as a six-byte \uXXXX escape, plus the longest authorId the same way.
    expect(bodyLimit).toBeGreaterThanOrEqual(6 * (maxLength + 256) + 64);
  });

  it('opens the operator routes to operator keys only, each answering 401 and 403', () => {
    const operatorRoutes = Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/operator/'));
    expect(operatorRoutes.map(([path]) => path)).toEqual([
      '/v1/operator/dead-letters',
      '/v1/operator/dead-letters/{deadLetterId}',
      '/v1/operator/dead-letters/{deadLetterId}/redrive',
      '/v1/operator/tenants',
    ]);
    for (const [, operations] of operatorRoutes) {
      for (const operation of Object.values(operations as Record<string, { security?: unknown; responses: Record<string, unknown> }>)) {
        expect(operation.security).toEqual([{ operatorKey: [] }]);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(schemas['DeadLetterDetail']?.required).toEqual(expect.arrayContaining(['id', 'reason', 'source', 'value', 'valueBase64']));
  });
});

describe('the tenant routes in the OpenAPI document', () => {
  it('take X-Tributary-Tenant and say what it brings: 400 for an operator key without it, 403 for a tenant key naming another', () => {
    const tenantOperations = Object.entries(document.paths)
      .filter(([path]) => !path.startsWith('/v1/operator/'))
      .flatMap(([, operations]) => Object.values(operations as Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>));
    expect(tenantOperations.length).toBeGreaterThanOrEqual(10);
    for (const operation of tenantOperations) {
      expect(operation.parameters?.map((parameter) => parameter.name)).toContain('X-Tributary-Tenant');
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
  });
});
