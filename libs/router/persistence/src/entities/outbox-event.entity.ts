import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A Kafka record written in the same transaction as the ticket change it describes, and published
 * afterwards in id order; `published_at` stays null until the broker acknowledged it.
 */
@Entity({ name: 'outbox_events' })
@Unique('outbox_events_event_id_key', ['eventId'])
@Unique('outbox_events_ticket_id_sequence_topic_key', ['ticketId', 'sequence', 'topic'])
@Index('outbox_events_unpublished', ['id'], { where: 'published_at IS NULL' })
export class OutboxEventEntity {
  /** bigserial: TypeORM hands bigint back as a string so no precision is lost. */
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'outbox_events_pkey' })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'sequence', type: 'int' })
  sequence!: number;

  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'record_key', type: 'text' })
  recordKey!: string;

  @Column({ name: 'payload', type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
