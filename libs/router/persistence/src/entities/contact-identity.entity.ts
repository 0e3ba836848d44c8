import type { ContactIdentityKind } from '@tributary/contracts';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { TenantEntity } from './tenant.entity';

/** One normalized way to reach a contact (E.164 phone, lower-case email, …); unique within a tenant. */
@Entity({ name: 'contact_identities' })
@Unique('contact_identities_tenant_id_kind_value_key', ['tenantId', 'kind', 'value'])
@Check('contact_identities_kind_check', `kind IN ('email', 'phone', 'whatsapp', 'telegram', 'messenger', 'instagram', 'chat-user')`)
export class ContactIdentityEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid', primaryKeyConstraintName: 'contact_identities_pkey' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: ContactIdentityKind;

  @Column({ name: 'value', type: 'text' })
  value!: string;

  @Column({ name: 'verified', type: 'boolean', default: false })
  verified!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'contact_identities_tenant_id_fkey' })
  tenant?: TenantEntity;

  @ManyToOne(() => ContactEntity, { nullable: false })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'contact_identities_contact_id_fkey' })
  contact?: ContactEntity;
}
