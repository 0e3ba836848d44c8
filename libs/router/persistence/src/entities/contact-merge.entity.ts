import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContactEntity } from './contact.entity';

/** The record of one merge: which identities moved from source to target, so it can be reverted. */
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

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'source_contact_id', foreignKeyConstraintName: 'contact_merges_source_contact_id_fkey' })
  sourceContact?: ContactEntity;

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'target_contact_id', foreignKeyConstraintName: 'contact_merges_target_contact_id_fkey' })
  targetContact?: ContactEntity;
}
