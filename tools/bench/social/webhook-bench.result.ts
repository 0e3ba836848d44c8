import type { CpuSplit } from '../cpu-split';
import type { ProcessMemory } from '../resource-sampler';
import type { InboundTopicDurability } from './inbound-topic.durability';
import type { InboundVerification } from './inbound-topic.tally';
import type { LoadResult } from './open-loop.load';
import type { ProviderWorkload } from './provider-workload';
import type { SocialProvider } from './social-provider';
import type { WebhookBenchOptions } from './webhook-bench.options';

/** Where the bench runs: a started local stack (Kafka and PostgreSQL; DATABASE_URL in process.env). */
export interface BenchTarget {
  readonly stackName: string;
  readonly brokers: string;
}

/** What one provider's run measured; a phase that failed or never ran is missing. */
export interface WebhookBenchResult {
  readonly options: WebhookBenchOptions;
  readonly workload: Pick<ProviderWorkload, 'provider' | 'title' | 'requests' | 'retriedBy' | 'tenantId'>;
  readonly context: {
    stack: string;
    cpus: number;
    /** Load average when this provider's run began and ended. */
    load: [number, number];
    node: string;
    /** Every provider the one social-ingest serves in this bench run. */
    serving: readonly SocialProvider[];
    appPid?: number;
    appLog?: string;
  };
  durability?: InboundTopicDurability;
  warmup?: LoadResult;
  measured?: LoadResult;
  verification?: InboundVerification;
  memory?: { before: ProcessMemory | undefined; after: ProcessMemory | undefined };
  /** Where the machine's CPU went during the measured run. */
  cpu?: CpuSplit;
  /** Set when a phase could not finish: the figures are partial and the run failed. */
  incomplete?: string;
}

/** The CPU split's name for the app's process. */
export const SOCIAL_INGEST_CPU_GROUP = 'social-ingest';
