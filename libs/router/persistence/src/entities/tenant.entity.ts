import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** `contact`: one open ticket per contact; `conversation`: one per channel conversation. */
export type ThreadingPolicy = 'contact' | 'conversation';

/** A company served by this gateway; its slug is the `tenantId` every message carries. */
@Entity({ name: 'tenants' })
@Check('tenants_threading_policy_check', `threading_policy IN ('contact', 'conversation')`)
export class TenantEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'tenants_pkey' })
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'threading_policy', type: 'text', default: 'contact' })
  threadingPolicy!: ThreadingPolicy;

  /** A message this long after a ticket was solved reopens it; later ones open a new ticket. */
  @Column({ name: 'reopen_window_hours', type: 'int', default: 168 })
  reopenWindowHours!: number;

  /** The same text from the same contact within this window is a cross-channel repeat. */
  @Column({ name: 'repeat_window_minutes', type: 'int', default: 60 })
  repeatWindowMinutes!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
