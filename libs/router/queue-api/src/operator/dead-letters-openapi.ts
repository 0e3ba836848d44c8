import { DeadLetterErrorCode } from '@tributary/platform-kafka';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ content: { 'application/json': { schema: ref(id) } } });
const ok = (description: string, id: string) => ({ description, ...json(id) });
const error = (description: string) => ({ description, ...json('Error') });

const security = [{ operatorKey: [] }];
const unauthorized = error('No key, or one that is neither an operator’s nor a tenant’s');
const forbidden = error('A tenant’s key: operator routes see every tenant and need an operator key');
const unavailable = error(`${DeadLetterErrorCode.KafkaUnavailable}: Kafka did not answer; ${DeadLetterErrorCode.ReadTimeout}: the topic was not read to its end in time`);
const deadLetterId = {
  name: 'deadLetterId',
  in: 'path' as const,
  required: true,
  description: '`<partition>:<offset>` on the dead-letter topic, as listed',
  schema: { type: 'string', pattern: '^\\d{1,9}:\\d{1,19}$' },
};
const time = (name: string, description: string) => ({
  name,
  in: 'query' as const,
  description: `${description}: ISO 8601 (2026-12-07, 2026-12-07T10:00:00Z) or an age (30m, 2h, 7d)`,
  schema: { type: 'string' },
});

/** The operator's dead-letter routes, for the router's one OpenAPI document. */
export function deadLetterOperatorPaths(): Record<string, unknown> {
  return {
    '/v1/operator/dead-letters': {
      get: {
        summary: 'Dead letters of every tenant, with why each could not be processed; the newest matches, oldest first',
        security,
        parameters: [
          { name: 'source', in: 'query', description: 'The topic the original was consumed from, exactly', schema: { type: 'string', example: 'tributary.inbound.v1' } },
          { name: 'reason', in: 'query', description: 'Part of the reason, ignoring case', schema: { type: 'string' } },
          time('since', 'Record timestamp at or after'),
          time('until', 'Record timestamp at or before'),
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: {
          '200': ok('The matches', 'DeadLetterList'),
          '400': error(`A bad parameter; ${DeadLetterErrorCode.InvalidFilter}: a time that cannot be read, or since after until`),
          '401': unauthorized,
          '403': forbidden,
          '503': unavailable,
        },
      },
    },
    '/v1/operator/dead-letters/{deadLetterId}': {
      get: {
        summary: 'One dead letter with the original value',
        security,
        parameters: [deadLetterId],
        responses: { '200': ok('The dead letter', 'DeadLetterDetail'), '401': unauthorized, '403': forbidden, '404': error('No dead letter there'), '503': unavailable },
      },
    },
    '/v1/operator/dead-letters/{deadLetterId}/redrive': {
      post: {
        summary:
          'Send the original key, value and headers back to the topic they were consumed from, with tributary-redriven-from/-at/-by headers. The router dedupes inbound messages by their dedupe key, so re-driving one twice stores it once.',
        security,
        parameters: [deadLetterId],
        responses: {
          '200': ok('Sent back (acknowledged by every in-sync replica)', 'Redrive'),
          '401': unauthorized,
          '403': forbidden,
          '404': error('No dead letter there'),
          '422': error(`${DeadLetterErrorCode.NotRedrivable}: no source topic, one that is not Tributary's, or a reduced copy whose original is past its retention`),
          '503': unavailable,
        },
      },
    },
  };
}
