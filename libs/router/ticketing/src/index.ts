export { processInboundBatch } from './inbound-batch.processor';
export type { BatchResult, RejectedMessage } from './inbound-batch.processor';
export { ingestInboundMessage } from './inbound-ingest.service';
export type { IngestOutcome } from './inbound-ingest.service';
export { ROUTER_CONSUMER_GROUP } from './nest/inbound-intake.service';
export { TicketingModule } from './nest/ticketing.module';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export type { SqlExecutor } from './sql-executor';
