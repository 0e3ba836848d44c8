import type { Channel, DeliveryState } from '@tributary/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';
import { TicketEntity } from './ticket.entity';

/**
 * One agent reply, keyed by its outboundId, with the latest delivery state its provider reported
 * (null until the first report). Delivery reports only ever move the state forward.
 */
@Entity({ name: 'outbound_messages' })
@Check('outbound_messages_delivery_state_check', `delivery_state IN ('queued', 'sent', 'delivered', 'read', 'undelivered', 'failed')`)
@Index('outbound_messages_ticket_id_requested_at_idx', ['ticketId', 'requestedAt'])
export class OutboundMessageEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'outbound_messages_pkey' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'channel', type: 'text' })
  channel!: Channel;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  /** The OutboundMessage v1 as published. */
  @Column({ name: 'payload', type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'delivery_state', type: 'text', nullable: true })
  deliveryState!: DeliveryState | null;

  @Column({ name: 'delivery_error', type: 'jsonb', nullable: true })
  deliveryError!: { code: string; message: string } | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId!: string | null;

  /** When the provider says the current state was reached. */
  @Column({ name: 'delivery_occurred_at', type: 'timestamptz', nullable: true })
  deliveryOccurredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'outbound_messages_tenant_id_fkey' })
  tenant?: TenantEntity;

  @ManyToOne(() => TicketEntity, { nullable: false })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'outbound_messages_ticket_id_fkey' })
  ticket?: TicketEntity;
}
