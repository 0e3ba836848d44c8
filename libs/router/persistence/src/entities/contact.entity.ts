import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TenantEntity } from './tenant.entity';

/** One customer of a tenant, reachable through many identities; a merged contact points at the survivor. */
@Entity({ name: 'contacts' })
export class ContactEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'contacts_pkey' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'contacts_tenant_id_fkey' })
  tenant?: TenantEntity;

  @ManyToOne(() => ContactEntity, { nullable: true })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'contacts_merged_into_id_fkey' })
  mergedInto?: ContactEntity | null;
}
