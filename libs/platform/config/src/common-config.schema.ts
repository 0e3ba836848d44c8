import { z } from 'zod';
import { secret } from './secret.util';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const milliseconds = (fallback: number) => z.coerce.number().int().positive().max(3_600_000).default(fallback);

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter((broker) => broker !== ''))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d{1,5}$/, 'each broker must be host:port')).min(1, 'must name at least one broker'));

/** Variables every Tributary app reads. */
export const baseConfigShape = {
  HTTP_HOST: z.string().default('0.0.0.0').describe('Address the HTTP server (health, metrics, API) binds to'),
  HTTP_PORT: port(3000).describe('Port of the HTTP server'),
  // Node's own defaults let a client that sends one byte a second hold a connection for minutes.
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(10_000).describe("Longest a client may take to send a request's headers; a slower one is answered 408 and disconnected"),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000).describe('Longest a client may take to send a whole request, headers and body (at least HTTP_HEADERS_TIMEOUT_MS)'),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(65_000).describe("How long an idle keep-alive connection stays open; keep it above the load balancer's idle timeout (60 s on most) so the balancer never reuses a connection the server is closing"),
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().positive().max(1024 ** 3).default(100 * 1024).describe('Largest request body a route reads unless it sets its own limit; a larger one is answered 413'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Lowest level written to the JSON log'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000).describe('Longest graceful shutdown before exit'),
  KAFKA_BROKERS: brokerList.describe('Comma-separated Kafka bootstrap brokers, host:port'),
  KAFKA_CLIENT_ID: z.string().min(1).optional().describe('Kafka client id; the app name when unset'),
  KAFKA_SSL: z.stringbool().default(false).describe('Connect to Kafka over TLS'),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional().describe('SASL mechanism, when Kafka needs one'),
  KAFKA_SASL_USERNAME: z.string().optional().describe('SASL user name'),
  KAFKA_SASL_PASSWORD: secret(z.string().optional().describe('SASL password')),
  KAFKA_CONSUMER_GROUP_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{0,100}$/, 'must be letters, digits, dots, dashes or underscores')
    .default('')
    .describe("Put before every consumer group this app joins, so two deployments (or test suites) sharing one Kafka never take each other's records"),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000)
    .max(300_000)
    .default(30_000)
    .describe(
      "How long a consumer may go silent before the broker gives its partitions to the others: a SIGKILLed replica's partitions wait this long (lower it for faster takeover; the broker's group.min.session.timeout.ms, 6 s by default, is the floor)",
    ),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6).describe('Partitions of topics this app creates'),
  KAFKA_TOPIC_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(7).default(1).describe('Replication factor of topics this app creates (3 in production)'),
};

/** For apps that keep state in Postgres. */
export const databaseConfigShape = {
  DATABASE_URL: secret(z.url({ protocol: /^postgres(ql)?$/ }).describe('PostgreSQL connection URL, postgres://user:password@host:port/db')),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('Maximum Postgres connections'),
};

export const baseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.infer<typeof baseConfigSchema>;
export type DatabaseConfig = z.infer<z.ZodObject<typeof databaseConfigShape>>;
