import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  ContractPublisher,
  DeadLetterErrorCode,
  DeadLetterOperationError,
  DeadLetterReader,
  DeadLetterRedriver,
  KAFKA_CLIENT,
  deadLetterDetailView,
  deadLetterView,
  parseDeadLetterId,
  type DeadLetterFilter,
} from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import type { Kafka } from 'kafkajs';
import type { ResponseOf } from '../queue-responses.schema';
import type { DeadLetterDetailResponse, DeadLetterListResponse, RedriveResponse } from './dead-letter-responses.schema';

export const DEAD_LETTER_OPTIONS = Symbol('DEAD_LETTER_OPTIONS');

export interface DeadLetterOptions {
  /** KAFKA_CONSUMER_GROUP_PREFIX: the throwaway groups that read the topic carry it too. */
  readonly consumerGroupPrefix: string;
}

/**
 * The dead-letter topic for operators: list, show, re-drive. Re-driven records go through a producer
 * of this service's own (idempotent, acks=all), never the one the ticket stream is published with.
 */
@Injectable()
export class DeadLettersService implements OnApplicationShutdown {
  private readonly reader: DeadLetterReader;
  private readonly publisher: ContractPublisher;
  private readonly redriver: DeadLetterRedriver;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(DEAD_LETTER_OPTIONS) options: DeadLetterOptions,
    private readonly logger: JsonLogger,
  ) {
    this.reader = new DeadLetterReader(kafka, { groupPrefix: options.consumerGroupPrefix, timeoutMs: 20_000 });
    this.publisher = new ContractPublisher(kafka);
    this.redriver = new DeadLetterRedriver(this.reader, this.publisher);
  }

  list(filter: DeadLetterFilter, limit: number): Promise<ResponseOf<typeof DeadLetterListResponse>> {
    return kafkaCall(async () => {
      const { records, matched, scanned } = await this.reader.list(filter, limit);
      return { deadLetters: records.map(deadLetterView), matched, scanned };
    });
  }

  async get(id: string): Promise<ResponseOf<typeof DeadLetterDetailResponse>> {
    const deadLetterId = parseDeadLetterId(id);
    return kafkaCall(async () => {
      const [record] = await this.reader.get([deadLetterId]);
      if (!record) throw new DeadLetterOperationError(DeadLetterErrorCode.NotFound, `no dead letter at ${id}`);
      return deadLetterDetailView(record);
    });
  }

  async redrive(id: string, operator: string): Promise<ResponseOf<typeof RedriveResponse>> {
    const deadLetterId = parseDeadLetterId(id);
    return kafkaCall(async () => {
      const [outcome] = await this.redriver.redriveIds([deadLetterId], `operator:${operator}`);
      if (!outcome) throw new DeadLetterOperationError(DeadLetterErrorCode.NotFound, `no dead letter at ${id}`);
      this.logger.event('info', 'DeadLetters', 'dead letter re-driven', { ...outcome });
      return outcome;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}

/** kafkajs's own errors (broker away, no access) become KAFKA_UNAVAILABLE: a 503, not a 500. */
async function kafkaCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && error.name.startsWith('KafkaJS')) {
      throw new DeadLetterOperationError(DeadLetterErrorCode.KafkaUnavailable, `Kafka did not answer: ${error.message}`);
    }
    throw error;
  }
}
