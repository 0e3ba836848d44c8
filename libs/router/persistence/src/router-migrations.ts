import { InitialRouterSchema1764057600000 } from './migrations/1764057600000-initial-router-schema.migration';
import { OutboundDeliveryAndMergeHandovers1764201600000 } from './migrations/1764201600000-outbound-delivery-and-merge-handovers.migration';
import { MessageAttachments1764374400000 } from './migrations/1764374400000-message-attachments.migration';
import { UnreachableIdentities1764547200000 } from './migrations/1764547200000-unreachable-identities.migration';
import { HotOutboxPublication1764633600000 } from './migrations/1764633600000-hot-outbox-publication.migration';
import { MergedTicketsIndex1764700000000 } from './migrations/1764700000000-merged-tickets-index.migration';
import { TicketMessageStats1764800000000 } from './migrations/1764800000000-ticket-message-stats.migration';
import { TicketMessageStatsBackfill1764800100000 } from './migrations/1764800100000-ticket-message-stats-backfill.migration';
import { WhatsappUserIdentities1764460800000 } from './migrations/1764460800000-whatsapp-user-identities.migration';

/** The router's migrations, oldest first; a new migration is appended here and never edited after release. */
export const ROUTER_MIGRATIONS = [
  InitialRouterSchema1764057600000,
  OutboundDeliveryAndMergeHandovers1764201600000,
  MessageAttachments1764374400000,
  WhatsappUserIdentities1764460800000,
  UnreachableIdentities1764547200000,
  HotOutboxPublication1764633600000,
  MergedTicketsIndex1764700000000,
  TicketMessageStats1764800000000,
  TicketMessageStatsBackfill1764800100000,
];
