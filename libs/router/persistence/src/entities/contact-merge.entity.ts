import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { TicketEntity } from './ticket.entity';

/**
 * The record of one merge: which identities and tickets moved from source to target, and which
 * ticket was closed into which, so it can be reverted exactly.
 */
@Entity({ name: 'contact_merges' })
export class ContactMergeEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'contact_merges_pkey' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'source_contact_id', type: 'uuid' })
  sourceContactId!: string;

  @Column({ name: 'target_contact_id', type: 'uuid' })
  targetContactId!: string;

  @Column({ name: 'moved_identity_ids', type: 'uuid', array: true })
  movedIdentityIds!: string[];

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  /** Who merged: `router` for verified links, an agent's id for manual merges. */
  @Column({ name: 'actor', type: 'text' })
  actor!: string;

  @Column({ name: 'merged_at', type: 'timestamptz', default: () => 'now()' })
  mergedAt!: Date;

  @Column({ name: 'reverted_at', type: 'timestamptz', nullable: true })
  revertedAt!: Date | null;

  /** Tickets handed from the source contact to the target. */
  @Column({ name: 'moved_ticket_ids', type: 'uuid', array: true })
  movedTicketIds!: string[];

  /** Where both contacts had an open ticket: the newer one, closed as merged into the older. */
  @Column({ name: 'closed_ticket_id', type: 'uuid', nullable: true })
  closedTicketId!: string | null;

  /** The closed ticket's status before the merge, restored by an unmerge. */
  @Column({ name: 'closed_ticket_status', type: 'text', nullable: true })
  closedTicketStatus!: string | null;

  @Column({ name: 'surviving_ticket_id', type: 'uuid', nullable: true })
  survivingTicketId!: string | null;

  @Column({ name: 'reverted_by', type: 'text', nullable: true })
  revertedBy!: string | null;

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'source_contact_id', foreignKeyConstraintName: 'contact_merges_source_contact_id_fkey' })
  sourceContact?: ContactEntity;

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'target_contact_id', foreignKeyConstraintName: 'contact_merges_target_contact_id_fkey' })
  targetContact?: ContactEntity;

  @ManyToOne(() => TicketEntity, { nullable: true })
  @JoinColumn({ name: 'closed_ticket_id', foreignKeyConstraintName: 'contact_merges_closed_ticket_id_fkey' })
  closedTicket?: TicketEntity | null;

  @ManyToOne(() => TicketEntity, { nullable: true })
  @JoinColumn({ name: 'surviving_ticket_id', foreignKeyConstraintName: 'contact_merges_surviving_ticket_id_fkey' })
  survivingTicket?: TicketEntity | null;
}
