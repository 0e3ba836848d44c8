import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger, StopSignal } from '@tributary/platform-observability';
import type { Admin, Kafka } from 'kafkajs';
import type { z } from 'zod';
import { BatchConsumer, BatchConsumerOptions } from './batch-consumer';
import type { ConsumerGroupTopic } from './consumer-group-lag';
import { ContractPublisher } from './contract-publisher';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { KafkaHealthIndicator, KafkaReadinessSource } from './kafka-health.indicator';
import { KafkaMetrics } from './kafka-metrics';
import { KAFKA_CLIENT, KAFKA_OPTIONS, KAFKA_PROBE_CLIENT, KafkaModuleOptions } from './kafka-options';
import { ensureTopics } from './topic-provisioner';
import { findUndersizedTopics } from './topic-size-check';

const PROVISION_RETRY_MS = 2_000;

/**
 * Owns the Kafka lifecycle of an app: creates topics at start (retrying until a broker answers,
 * without blocking the HTTP server so liveness stays green), starts registered consumers once the
 * topics exist, and on shutdown stops intake first, then flushes the producers. A consumer that
 * stopped for good makes the app not ready and not live: only a restart brings it back.
 */
@Injectable()
export class KafkaRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown, KafkaReadinessSource {
  private readonly consumers: BatchConsumer<z.ZodType>[] = [];
  private readonly groups: ConsumerGroupTopic[] = [];
  private provisioned = false;
  private readonly stopSignal = new StopSignal();
  private startup: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(KAFKA_PROBE_CLIENT) private readonly probeKafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaModuleOptions,
    private readonly publisher: ContractPublisher,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly health: KafkaHealthIndicator,
    private readonly metrics: KafkaMetrics,
    private readonly logger: JsonLogger,
  ) {
    health.register(this);
  }

  /** Call from a provider's constructor or onModuleInit; the consumer starts after provisioning. */
  registerConsumer<TSchema extends z.ZodType>(options: BatchConsumerOptions<TSchema>): BatchConsumer<TSchema> {
    const groupId = `${this.options.consumerGroupPrefix ?? ''}${options.groupId}`;
    const sessionTimeoutMs = options.sessionTimeoutMs ?? this.options.sessionTimeoutMs;
    const consumer = new BatchConsumer(this.kafka, this.deadLetters, { ...options, groupId, ...(sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs }) }, this.metrics, this.logger);
    this.consumers.push(consumer);
    this.groups.push({ groupId, topic: options.topic });
    return consumer;
  }

  /** The groups this app's consumers join (prefix included) and their topics: what its lag is measured on. */
  consumerGroups(): readonly ConsumerGroupTopic[] {
    return [...this.groups];
  }

  onApplicationBootstrap(): void {
    this.startup = this.provisionAndStart();
  }

  /** Resolves once topics exist and consumers run; for callers that must wait (tests, CLIs). */
  whenStarted(): Promise<void> {
    return this.startup ?? Promise.resolve();
  }

  readinessProblem(): string | null {
    if (!this.provisioned) return 'topics not provisioned yet';
    return this.livenessProblem();
  }

  livenessProblem(): string | null {
    const failed = this.consumers.find((consumer) => consumer.terminalFailure);
    return failed ? `consumer stopped: ${failed.terminalFailure?.message ?? 'unknown error'}` : null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopSignal.stop();
    await this.startup;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publisher.close(), this.deadLetters.close()]);
    await this.health.close();
  }

  private async provisionAndStart(): Promise<void> {
    // The probe client has no retry ladder: this loop retries itself and ends at once on shutdown.
    const admin = this.probeKafka.admin();
    while (!this.stopSignal.isStopped) {
      try {
        await admin.connect();
        const created = await ensureTopics(admin, this.options.topics, this.options.topicSettings);
        this.logger.event('info', 'KafkaRuntime', 'topics ready', { created, topics: this.options.topics });
        await this.warnAboutUndersizedTopics(admin);
        break;
      } catch (error) {
        this.logger.event('warn', 'KafkaRuntime', 'topic provisioning failed; retrying', { error });
        await this.stopSignal.sleep(PROVISION_RETRY_MS);
      }
    }
    await admin.disconnect().catch(() => undefined);
    if (this.stopSignal.isStopped) return;
    await this.publisher.connect().catch((error: unknown) => this.logger.event('warn', 'KafkaRuntime', 'producer connect failed', { error }));
    // Each consumer retries its own start: a broker that goes away between provisioning and here must
    // leave the app not ready and retrying, never crash it with an unhandled rejection.
    await Promise.all(this.consumers.map((consumer) => this.startUntilRunning(consumer)));
    if (!this.stopSignal.isStopped) this.provisioned = true;
  }

  private async startUntilRunning(consumer: BatchConsumer<z.ZodType>): Promise<void> {
    while (!this.stopSignal.isStopped) {
      try {
        await consumer.start();
        return;
      } catch (error) {
        this.logger.event('warn', 'KafkaRuntime', 'consumer start failed; retrying', { error });
        await consumer.stop().catch(() => undefined);
        await this.stopSignal.sleep(PROVISION_RETRY_MS);
      }
    }
  }

  /** Dead letters still flow through a too-small topic (reduced, with an error each); this says why early. */
  private async warnAboutUndersizedTopics(admin: Admin): Promise<void> {
    try {
      for (const { topic, maxMessageBytes, wanted } of await findUndersizedTopics(admin, this.options.topics)) {
        this.logger.event('warn', 'KafkaRuntime', `topic ${topic} accepts record batches up to ${maxMessageBytes} bytes, less than the ${wanted} it is created with; records near the limit may be cut short there. Raise it: kafka-configs --alter --entity-type topics --entity-name ${topic} --add-config max.message.bytes=${wanted}`, {
          topic,
          maxMessageBytes,
          wanted,
        });
      }
    } catch (error) {
      this.logger.event('warn', 'KafkaRuntime', 'could not read topic limits', { error });
    }
  }
}
