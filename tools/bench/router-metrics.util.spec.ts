import { batchStatsBetween, readBatchStats, sumMetric } from './router-metrics.util';

const METRICS = `
# HELP tributary_kafka_batch_duration_seconds Time to handle and commit one fetched batch
# TYPE tributary_kafka_batch_duration_seconds histogram
tributary_kafka_batch_duration_seconds_bucket{le="0.005",topic="tributary.inbound.v1",group="tributary-router",outcome="committed",app="router"} 1
tributary_kafka_batch_duration_seconds_sum{topic="tributary.inbound.v1",group="tributary-router",outcome="committed",app="router"} 12.5
tributary_kafka_batch_duration_seconds_count{topic="tributary.inbound.v1",group="tributary-router",outcome="committed",app="router"} 40
tributary_kafka_batch_duration_seconds_sum{topic="tributary.inbound.v1",group="tributary-router",outcome="failed",app="router"} 0.5
tributary_kafka_batch_duration_seconds_count{topic="tributary.inbound.v1",group="tributary-router",outcome="failed",app="router"} 1
tributary_kafka_batch_duration_seconds_sum{topic="tributary.delivery.v1",group="tributary-router",outcome="committed",app="router"} 3
tributary_kafka_records_consumed_total{topic="tributary.inbound.v1",group="tributary-router",app="router"} 20000
`;

describe('router metrics', () => {
  it('sums the samples whose labels match', () => {
    expect(sumMetric(METRICS, 'tributary_kafka_batch_duration_seconds_sum', { group: 'tributary-router' })).toBe(16);
    expect(sumMetric(METRICS, 'tributary_kafka_batch_duration_seconds_sum', { outcome: 'failed' })).toBe(0.5);
    expect(sumMetric(METRICS, 'no_such_metric', {})).toBe(0);
  });

  it('reads the batch consumer of one group and topic, failed batches included', () => {
    expect(readBatchStats(METRICS, 'tributary-router', 'tributary.inbound.v1')).toEqual({ batches: 41, seconds: 13, records: 20000 });
  });

  it('subtracts an earlier reading', () => {
    expect(batchStatsBetween({ batches: 1, seconds: 0.5, records: 10 }, { batches: 41, seconds: 13, records: 20000 })).toEqual({ batches: 40, seconds: 12.5, records: 19990 });
  });
});
