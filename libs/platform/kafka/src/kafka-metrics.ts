import { Counter, Histogram, Registry } from 'prom-client';

/** Kafka counters shared by the publisher and the consumers of one app. */
export class KafkaMetrics {
  readonly produced: Counter<'topic'>;
  readonly consumed: Counter<'topic' | 'group'>;
  readonly deadLettered: Counter<'topic' | 'group'>;
  readonly deadLettersReduced: Counter<'topic' | 'group' | 'written'>;
  readonly batchSeconds: Histogram<'topic' | 'group' | 'outcome'>;

  constructor(registry: Registry) {
    this.produced = new Counter({ name: 'tributary_kafka_records_produced_total', help: 'Records acknowledged by Kafka', labelNames: ['topic'], registers: [registry] });
    this.consumed = new Counter({ name: 'tributary_kafka_records_consumed_total', help: 'Records handled and committed', labelNames: ['topic', 'group'], registers: [registry] });
    this.deadLettered = new Counter({ name: 'tributary_kafka_records_dead_lettered_total', help: 'Records sent to a dead-letter topic', labelNames: ['topic', 'group'], registers: [registry] });
    this.deadLettersReduced = new Counter({
      name: 'tributary_kafka_dead_letters_reduced_total',
      help: 'Dead letters the dead-letter topic refused whole, by what was written instead: truncated (the value cut short), bare (no value), none (nothing; the original stays at its source offset)',
      labelNames: ['topic', 'group', 'written'],
      registers: [registry],
    });
    this.batchSeconds = new Histogram({
      name: 'tributary_kafka_batch_duration_seconds',
      help: 'Time to handle and commit one fetched batch',
      labelNames: ['topic', 'group', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }
}
