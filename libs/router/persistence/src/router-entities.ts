import { ContactIdentityEntity } from './entities/contact-identity.entity';
import { ContactMergeEntity } from './entities/contact-merge.entity';
import { ContactEntity } from './entities/contact.entity';
import { DeliveryReportEntity } from './entities/delivery-report.entity';
import { MessageEntity } from './entities/message.entity';
import { OutboundMessageEntity } from './entities/outbound-message.entity';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { TenantEntity } from './entities/tenant.entity';
import { TicketEntity } from './entities/ticket.entity';
import { InitialRouterSchema1764057600000 } from './migrations/1764057600000-initial-router-schema.migration';
import { OutboundDeliveryAndMergeHandovers1764201600000 } from './migrations/1764201600000-outbound-delivery-and-merge-handovers.migration';

/** Every table the router maps, for the router's data source. */
export const ROUTER_ENTITIES = [
  TenantEntity,
  ContactEntity,
  ContactIdentityEntity,
  ContactMergeEntity,
  TicketEntity,
  MessageEntity,
  OutboxEventEntity,
  OutboundMessageEntity,
  DeliveryReportEntity,
];

/** The router's migrations, oldest first; a new migration is appended here and never edited after release. */
export const ROUTER_MIGRATIONS = [InitialRouterSchema1764057600000, OutboundDeliveryAndMergeHandovers1764201600000];
