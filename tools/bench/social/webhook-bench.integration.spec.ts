import { SOCIAL_PROVIDERS } from './social-provider';
import { runWebhookBench } from './webhook-bench';
import { SMOKE_OPTIONS } from './webhook-bench.options';
import { benchProblems, renderWebhookBenchReport } from './webhook-bench.report';
import type { WebhookBenchResult } from './webhook-bench.result';

/**
 * The webhook benchmark's smoke run against the test stack, every provider in turn (50 webhooks/s
 * for 3 s each, one social-ingest serving them all): proves the bench's whole path per provider
 * (each provider's exact webhooks, open-loop load, the exactly-once check on the inbound topic)
 * still works. It asserts correctness only; the latencies it prints are not judged here.
 */
describe('the social webhook benchmark, smoke run of every provider', () => {
  const webhooks = SMOKE_OPTIONS.rate * (SMOKE_OPTIONS.warmupSeconds + SMOKE_OPTIONS.seconds);
  let results: WebhookBenchResult[] = [];

  beforeAll(async () => {
    results = await runWebhookBench({ ...SMOKE_OPTIONS, providers: SOCIAL_PROVIDERS }, { stackName: process.env['TRIBUTARY_STACK_NAME'] ?? 'test', brokers: process.env['KAFKA_BROKERS'] ?? '' }, () => undefined);
  }, 240_000);

  it('reports every provider, in order', () => {
    expect(results.map((result) => result.workload.provider)).toEqual([...SOCIAL_PROVIDERS]);
  });

  it.each(SOCIAL_PROVIDERS)('%s: acknowledges every webhook and finds each acknowledged message on the inbound topic exactly once', (provider) => {
    const result = results.find((candidate) => candidate.workload.provider === provider);
    const report = result ? renderWebhookBenchReport(result) : 'no result';

    // The report rides along, so a failure shows what the run printed.
    expect({ problems: result ? benchProblems(result) : ['no result'], report }).toMatchObject({ problems: [] });
    expect(result?.measured?.failures.size).toBe(0);
    expect(result?.verification).toMatchObject({ acknowledged: webhooks, exactlyOnce: webhooks, missing: 0, duplicated: 0, unknown: 0, records: webhooks, passed: true });
    expect(report).toMatch(/^failures \(non-200, timeout, connection error\) +0$/m);
    expect(report).toMatch(/^acknowledged on tributary\.inbound\.v1 exactly once +(\d+) \/ \1$/m);
    expect(report).toContain('PASSED: no failed request; every acknowledged message on the topic exactly once');
  });
});
