import { HEADERS, TOPICS } from '@tributary/contracts';
import { readHeaders } from '@tributary/platform-kafka';
import type { Consumer, Kafka } from 'kafkajs';
import { consumeFromNow } from './bench-kafka.util';

/** Collects the run's dead-lettered inbound records (by the tenant prefix) from the moment it starts. */
export class DeadLetterWatch {
  /** Inbound messageId (or the record key when the value is unreadable) → reason. */
  readonly reasons = new Map<string, string>();
  private consumer: Consumer | undefined;

  constructor(private readonly tenantPrefix: string) {}

  async start(kafka: Kafka): Promise<void> {
    this.consumer = await consumeFromNow(kafka, TOPICS.inboundDeadLetter, (messages) => {
      for (const message of messages) {
        const key = message.key?.toString('utf8') ?? '';
        if (!key.startsWith(this.tenantPrefix)) continue;
        const reason = readHeaders(message.headers)[HEADERS.deadLetterReason] ?? 'no reason given';
        this.reasons.set(messageIdOf(message.value) ?? key, reason);
      }
    });
  }

  get count(): number {
    return this.reasons.size;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function messageIdOf(value: Buffer | null): string | undefined {
  try {
    const parsed: unknown = JSON.parse(value?.toString('utf8') ?? '');
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { messageId?: unknown }).messageId : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
