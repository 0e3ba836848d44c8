export { InitialRouterSchema1764057600000 } from './migrations/1764057600000-initial-router-schema.migration';
export { OutboundDeliveryAndMergeHandovers1764201600000 } from './migrations/1764201600000-outbound-delivery-and-merge-handovers.migration';
export { ROUTER_MIGRATIONS } from './router-migrations';
export { MessageAttachments1764374400000 } from './migrations/1764374400000-message-attachments.migration';
