import type { OpenAPIObject } from '@nestjs/swagger';

interface Operation {
  parameters?: unknown[];
  responses: Record<string, unknown>;
  security?: unknown;
}

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const TENANT_HEADER_PARAMETER = {
  name: 'X-Tributary-Tenant',
  in: 'header',
  required: false,
  description: 'With an operator key: the tenant it acts for (required). With a tenant key: its own tenant or nothing.',
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
};

/**
 * Every tenant route (those with the tenant key's security) takes X-Tributary-Tenant, so each says
 * so once here, with the 400 and 403 it brings, rather than in every route's entry.
 */
export function withTenantHeader(paths: Record<string, unknown>): OpenAPIObject['paths'] {
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations as Record<string, Operation>).map(([method, operation]) => {
          if (operation.security !== undefined) return [method, operation];
          return [
            method,
            {
              ...operation,
              parameters: [...(operation.parameters ?? []), TENANT_HEADER_PARAMETER],
              responses: {
                ...operation.responses,
                '400': operation.responses['400'] ?? error('An operator key without X-Tributary-Tenant'),
                '403': operation.responses['403'] ?? error('A tenant key naming another tenant in X-Tributary-Tenant'),
              },
            },
          ];
        }),
      ),
    ]),
  );
}
