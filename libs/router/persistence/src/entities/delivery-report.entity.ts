import type { DeliveryState } from '@tributary/contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OutboundMessageEntity } from './outbound-message.entity';

/**
 * Every delivery report seen, by its reply and statusId: a redelivered report hits the primary
 * key and changes nothing. `applied` is false for a report that arrived after a later state.
 */
@Entity({ name: 'delivery_reports' })
export class DeliveryReportEntity {
  @PrimaryColumn({ name: 'outbound_id', type: 'uuid', primaryKeyConstraintName: 'delivery_reports_pkey' })
  outboundId!: string;

  @PrimaryColumn({ name: 'status_id', type: 'uuid', primaryKeyConstraintName: 'delivery_reports_pkey' })
  statusId!: string;

  @Column({ name: 'state', type: 'text' })
  state!: DeliveryState;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'applied', type: 'boolean' })
  applied!: boolean;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @ManyToOne(() => OutboundMessageEntity, { nullable: false })
  @JoinColumn({ name: 'outbound_id', foreignKeyConstraintName: 'delivery_reports_outbound_id_fkey' })
  outbound?: OutboundMessageEntity;
}
