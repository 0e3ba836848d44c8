import { runWebhookBench } from './webhook-bench';
import { SMOKE_OPTIONS } from './webhook-bench.options';
import { benchProblems, renderWebhookBenchReport } from './webhook-bench.report';

/**
 * The webhook benchmark's smoke run (50 webhooks/s for 3 s) against the test stack: proves the
 * bench's whole path (signed webhooks, open-loop load, the exactly-once check on the inbound topic)
 * still works. It asserts correctness only; the latencies it prints are not judged here.
 */
describe('the WhatsApp webhook benchmark, smoke run', () => {
  it('acknowledges every signed webhook and finds each acknowledged message on the inbound topic exactly once', async () => {
    const webhooks = SMOKE_OPTIONS.rate * (SMOKE_OPTIONS.warmupSeconds + SMOKE_OPTIONS.seconds);
    const result = await runWebhookBench(SMOKE_OPTIONS, { stackName: process.env['TRIBUTARY_STACK_NAME'] ?? 'test', brokers: process.env['KAFKA_BROKERS'] ?? '' }, () => undefined);
    const report = renderWebhookBenchReport(result);

    // The report rides along, so a failure shows what the run printed.
    expect({ problems: benchProblems(result), report }).toMatchObject({ problems: [] });
    expect(result.measured?.failures.size).toBe(0);
    expect(result.verification).toMatchObject({ acknowledged: webhooks, exactlyOnce: webhooks, missing: 0, duplicated: 0, unknown: 0, passed: true });
    expect(report).toMatch(/^failures \(non-200, timeout, connection error\) +0$/m);
    expect(report).toMatch(/^acknowledged on tributary\.inbound\.v1 exactly once +(\d+) \/ \1$/m);
    expect(report).toContain('PASSED: no failed request; every acknowledged message on the topic exactly once');
  }, 240_000);
});
