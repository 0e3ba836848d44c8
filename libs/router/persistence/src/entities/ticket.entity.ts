import type { Channel, TICKET_STATUSES } from '@tributary/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { TenantEntity } from './tenant.entity';

export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * One customer request, whatever channels it spans. The two partial unique indexes make "one open
 * ticket per contact (or per conversation)" a database rule, so racing routers still end with one.
 */
@Entity({ name: 'tickets' })
@Unique('tickets_tenant_id_token_key', ['tenantId', 'token'])
@Check('tickets_status_check', `status IN ('open', 'pending', 'solved', 'closed')`)
@Index('tickets_one_open_per_contact', ['tenantId', 'contactId'], {
  unique: true,
  where: `status IN ('open', 'pending') AND conversation_key IS NULL`,
})
@Index('tickets_one_open_per_conversation', ['tenantId', 'conversationKey'], {
  unique: true,
  where: `status IN ('open', 'pending') AND conversation_key IS NOT NULL`,
})
@Index('tickets_contact_id_last_message_at_idx', ['contactId', 'lastMessageAt'])
export class TicketEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'tickets_pkey' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  /** Short public reference shown in email subjects, e.g. `[#T-7K2M9QXD]`. */
  @Column({ name: 'token', type: 'text' })
  token!: string;

  @Column({ name: 'status', type: 'text' })
  status!: TicketStatus;

  @Column({ name: 'origin_channel', type: 'text' })
  originChannel!: Channel;

  @Column({ name: 'subject', type: 'text', nullable: true })
  subject!: string | null;

  /** Set under the `conversation` threading policy: the channel conversation this ticket belongs to. */
  @Column({ name: 'conversation_key', type: 'text', nullable: true })
  conversationKey!: string | null;

  /** Sequence of the last ticket event written for this ticket (events start at 1). */
  @Column({ name: 'sequence', type: 'int', default: 0 })
  sequence!: number;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'tickets_tenant_id_fkey' })
  tenant?: TenantEntity;

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'tickets_contact_id_fkey' })
  contact?: ContactEntity;

  @ManyToOne(() => TicketEntity, { nullable: true })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'tickets_merged_into_id_fkey' })
  mergedInto?: TicketEntity | null;
}
