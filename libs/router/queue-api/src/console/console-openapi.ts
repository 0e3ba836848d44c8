const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { 'application/json': { schema: ref(id) } } });
const error = (description: string) => ({ description, ...json('Error') });

/** The read routes the operator console adds, for the router's one OpenAPI document. */
export function consolePaths(): Record<string, unknown> {
  return {
    '/v1/channel-health': {
      get: {
        summary:
          "Per channel, when the tenant's latest customer message arrived and how many came in the last hour, day and ever; and the router's consumer groups with their lag (all tenants' records), read from Kafka",
        responses: {
          '200': { description: 'The figures; consumers.error says why the lag is missing when Kafka did not answer', ...json('ChannelHealth') },
          '401': error('No valid key'),
        },
      },
    },
    '/v1/operator/tenants': {
      get: {
        summary: 'Every tenant the router knows, with its open tickets and latest message: the tenants an operator key may name in X-Tributary-Tenant',
        security: [{ operatorKey: [] }],
        responses: {
          '200': { description: 'The tenants', ...json('TenantList') },
          '401': error('No key, or one that is neither an operator’s nor a tenant’s'),
          '403': error('A tenant’s key: operator routes see every tenant and need an operator key'),
        },
      },
    },
  };
}
