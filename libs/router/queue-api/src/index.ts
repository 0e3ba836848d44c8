export { hashApiKey, parseApiKeyConfig } from './api-keys.util';
export { QueueApiModule } from './queue-api.module';
export { buildReply } from './reply-builder';
export { queueOpenApiDocument } from './queue-openapi';
export { parseOperatorKeyConfig } from './operator/operator-keys.util';
