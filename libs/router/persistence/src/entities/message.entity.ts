import type { Channel, PLACEMENT_RULES, Provider } from '@tributary/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { TenantEntity } from './tenant.entity';
import { TicketEntity } from './ticket.entity';

export type MessageDirection = 'inbound' | 'outbound';
export type PlacementRule = (typeof PLACEMENT_RULES)[number];

/**
 * Every message stored once: (tenant_id, dedupe_key) is unique, so a redelivery or a copy of the
 * same email is rejected by the database. The indexes serve email threading and repeat detection.
 */
@Entity({ name: 'messages' })
@Unique('messages_tenant_id_dedupe_key_key', ['tenantId', 'dedupeKey'])
@Check('messages_direction_check', `direction IN ('inbound', 'outbound')`)
@Index('messages_email_message_id_idx', ['tenantId', 'emailMessageId'], { where: 'email_message_id IS NOT NULL' })
@Index('messages_text_fingerprint_idx', ['tenantId', 'contactId', 'textFingerprint', 'receivedAt'], { where: 'text_fingerprint IS NOT NULL' })
@Index('messages_ticket_id_received_at_idx', ['ticketId', 'receivedAt'])
export class MessageEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'messages_pkey' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @Column({ name: 'direction', type: 'text' })
  direction!: MessageDirection;

  @Column({ name: 'channel', type: 'text' })
  channel!: Channel;

  @Column({ name: 'provider', type: 'text' })
  provider!: Provider;

  @Column({ name: 'provider_message_id', type: 'text' })
  providerMessageId!: string;

  /** The email's Message-ID header, for threading replies and spotting copies across mailboxes. */
  @Column({ name: 'email_message_id', type: 'text', nullable: true })
  emailMessageId!: string | null;

  @Column({ name: 'text_fingerprint', type: 'text', nullable: true })
  textFingerprint!: string | null;

  /** Which dedupe or threading rule placed the message in its ticket. */
  @Column({ name: 'rule', type: 'text' })
  rule!: PlacementRule;

  @Column({ name: 'duplicate_of_id', type: 'uuid', nullable: true })
  duplicateOfId!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** The message as received (the validated contract value). */
  @Column({ name: 'payload', type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'messages_tenant_id_fkey' })
  tenant?: TenantEntity;

  @ManyToOne(() => TicketEntity, { nullable: false })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'messages_ticket_id_fkey' })
  ticket?: TicketEntity;

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'messages_contact_id_fkey' })
  contact?: ContactEntity;

  @ManyToOne(() => MessageEntity, { nullable: true })
  @JoinColumn({ name: 'duplicate_of_id', foreignKeyConstraintName: 'messages_duplicate_of_id_fkey' })
  duplicateOf?: MessageEntity | null;
}
