export interface BatchStats {
  /** Fetched batches the consumer handled. */
  readonly batches: number;
  /** Seconds spent handling them (processInboundBatch, dead-lettering, the offset commit). */
  readonly seconds: number;
  /** Records consumed and committed. */
  readonly records: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(LABEL)].map((match) => [match[1] as string, match[2] as string]));
}

/** Sum of every sample of `metric` whose labels include all of `match`, from Prometheus text. */
export function sumMetric(text: string, metric: string, match: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const sample = SAMPLE.exec(line);
    if (!sample || sample[1] !== metric) continue;
    const labels = labelsOf(sample[2] ?? '');
    if (Object.entries(match).every(([name, value]) => labels.get(name) === value)) total += Number(sample[3]);
  }
  return total;
}

/** The batch consumer's counters for one group and topic, from an app's /metrics text. */
export function readBatchStats(text: string, group: string, topic: string): BatchStats {
  const labels = { group, topic };
  return {
    batches: sumMetric(text, 'tributary_kafka_batch_duration_seconds_count', labels),
    seconds: sumMetric(text, 'tributary_kafka_batch_duration_seconds_sum', labels),
    records: sumMetric(text, 'tributary_kafka_records_consumed_total', labels),
  };
}

/** What happened between two readings of the same counters. */
export function batchStatsBetween(before: BatchStats, after: BatchStats): BatchStats {
  return { batches: after.batches - before.batches, seconds: after.seconds - before.seconds, records: after.records - before.records };
}
