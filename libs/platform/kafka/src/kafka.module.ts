import { DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from '@tributary/platform-observability';
import { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { ContractPublisher } from './contract-publisher';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { toKafkaJsConfig } from './kafka-connection.config';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { kafkaLogCreator } from './kafka-log.adapter';
import { KafkaMetrics } from './kafka-metrics';
import { KAFKA_CLIENT, KAFKA_OPTIONS, KAFKA_PROBE_CLIENT, KafkaModuleOptions } from './kafka-options';
import { KafkaRuntime } from './kafka-runtime.service';

/** Kafka for one app: publisher, consumers, topic provisioning, readiness and metrics. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_OPTIONS, useValue: options },
        {
          provide: KAFKA_CLIENT,
          useFactory: (logger: JsonLogger) => new Kafka({ ...toKafkaJsConfig(options.connection), logCreator: kafkaLogCreator(logger) }),
          inject: [JsonLogger],
        },
        { provide: KafkaMetrics, useFactory: (registry: Registry) => new KafkaMetrics(registry), inject: [Registry] },
        {
          provide: ContractPublisher,
          useFactory: (kafka: Kafka, metrics: KafkaMetrics) => new ContractPublisher(kafka, metrics),
          inject: [KAFKA_CLIENT, KafkaMetrics],
        },
        {
          provide: DeadLetterPublisher,
          useFactory: (kafka: Kafka, logger: JsonLogger, metrics: KafkaMetrics) => new DeadLetterPublisher(kafka, logger, metrics),
          inject: [KAFKA_CLIENT, JsonLogger, KafkaMetrics],
        },
        {
          provide: KAFKA_PROBE_CLIENT,
          useFactory: (logger: JsonLogger) =>
            new Kafka({
              ...toKafkaJsConfig(options.connection),
              clientId: `${options.connection.clientId}-probe`,
              retry: { retries: 0 },
              connectionTimeout: 1_000,
              requestTimeout: 1_500,
              logCreator: kafkaLogCreator(logger),
            }),
          inject: [JsonLogger],
        },
        { provide: KafkaHealthIndicator, useFactory: (probe: Kafka) => new KafkaHealthIndicator(probe), inject: [KAFKA_PROBE_CLIENT] },
        KafkaRuntime,
      ],
      exports: [ContractPublisher, KafkaHealthIndicator, KafkaRuntime, KAFKA_CLIENT],
    };
  }
}
