/** A configuration the unit specs boot chat-ingest with; nothing listens on port 1 (no Kafka, no PostgreSQL). */
export const CHAT_TEST_ENV = {
  DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary',
  CHAT_TENANTS: JSON.stringify({ acme: { origins: ['https://app.acme.example'], anonymous: true } }),
  CHAT_TENANT_SECRETS: 'acme:acme-visitor-secret-0123456789abcdef',
  CHAT_ANONYMOUS_TOKEN_SECRETS: 'anonymous-visitor-secret-0123456789abcdef',
} as const;
