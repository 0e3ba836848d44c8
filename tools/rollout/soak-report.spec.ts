import type { SentInput } from './load-generator';
import type { SoakResult } from './soak';
import { DEFAULT_SOAK_OPTIONS } from './soak-options';
import { formatSoakReport } from './soak-report';

const T0 = Date.UTC(2026, 0, 1);
const input = (n: number, channel: 'sms' | 'email', answers: string[]): SentInput => ({
  n,
  channel,
  contact: n % 2,
  seq: Math.floor(n / 2),
  dedupeKey: `k${n}`,
  text: `input ${n}: customer ${n % 2}, message ${Math.floor(n / 2)}`,
  scheduledAt: T0 + n * 1_000,
  firstSentAt: T0 + n * 1_000,
  answers,
  acknowledgedAt: T0 + n * 1_000 + 50,
});

const result: SoakResult = {
  options: { ...DEFAULT_SOAK_OPTIONS, minutes: 0.1, rate: 1 },
  plan: { apps: ['router', 'voice-ingest', 'email-ingest'], replicas: 1, emailIntake: 'smtp' },
  customers: { sms: 1, whatsapp: 0, email: 1 },
  tenantId: 'ro-test',
  loadStartedAt: T0,
  loadStoppedAt: T0 + 6_000,
  drainedAt: T0 + 6_100,
  inputs: [input(0, 'sms', ['200']), input(1, 'email', ['451', '250']), input(2, 'sms', ['200']), input(3, 'email', ['250'])],
  faults: [{ victim: 'Kafka broker', plannedMs: 2_000, killedAt: T0 + 2_000, exitedAt: T0 + 2_100, startedAt: T0 + 4_100, readyAt: T0 + 9_000, exit: 'signal SIGKILL' }],
  announcedAt: new Map([
    [0, T0 + 100],
    [1, T0 + 9_500],
    [2, T0 + 9_600],
    [3, T0 + 9_700],
  ]),
  ticketEvents: 4,
  tickets: 2,
  readerRestarts: 0,
  memory: [{ label: 'router 1', measure: 'rss', at: { before: 200 * 2 ** 20, after: 210 * 2 ** 20 }, peak: 250 * 2 ** 20, peakAt: T0 + 3_000, replaced: false }],
  durability: { producer: 'acks=all', brokers: 1, topics: [], postgres: { synchronousCommit: 'off', fsync: 'on' }, intake: ['voice-ingest: spool'] },
  machine: { cores: 2, loadAverage: [1, 2, 3], harnessCpuMs: 600, harnessWallMs: 6_000, worstLoopDelayMs: 40 },
  verdict: { lost: [], duplicated: [], contactsWithTwoOpenTickets: 0, conflictingEvents: [], sequenceGaps: [], outOfOrder: [], acknowledged: 4, neverAcknowledged: [], unannounced: [], storedMessages: 4, clean: true },
  keptDatabases: [],
};

describe('the soak report', () => {
  const report = formatSoakReport(result);

  it('gives the rate asked and achieved, the faults, latency from the schedule and every refused attempt', () => {
    expect(report).toContain('mix: sms 50 % (1 customers), email 50 % (1 customers); each customer sends in order every 2.0 s');
    expect(report).toContain('asked 1/s; sent 0.7/s (4 inputs in 6.0 s); 4 acknowledged, the last 0.1 s after the load stopped');
    expect(report).toContain('announced 4, the last 9.7 s after the load started (0.4/s from start to finish)');
    expect(report).toContain('Kafka broker       SIGKILL at 2.0 s (due 2.0 s), signal SIGKILL; started again at 4.1 s, ready at 9.0 s');
    expect(report).toContain('  all       p50  6700 ms  p99  8500 ms  max  8500 ms  (4 inputs)');
    expect(report).toContain('  sms       p50   100 ms  p99  7600 ms  max  7600 ms  (2 inputs)');
    expect(report).toContain('email     1 refused attempts on 1 inputs: 451 ×1');
    expect(report).toContain('sms       0 refused attempts on 0 inputs: none');
  });

  it('gives the durability settings, memory and the verdict', () => {
    expect(report).toContain('PostgreSQL: synchronous_commit = off, fsync = on');
    expect(report).toContain('router 1                      200 MB →       – →  210 MB   peak  250 MB at 3.0 s');
    expect(report).toContain('verdict: CLEAN');
    expect(report).toContain('lost (acknowledged, never stored): 0');
    expect(report).toContain('duplicated: 0');
  });

  it('counts the messages announced out of order by the channel their customer writes on', () => {
    const outOfOrder = ['customer 0: message 1 announced after message 2 (ticket t, sequence 3)'];
    const unordered = formatSoakReport({ ...result, verdict: { ...result.verdict, outOfOrder, clean: false } });
    expect(unordered).toContain('verdict: NOT CLEAN');
    expect(unordered).toContain('out of order by channel: sms ×1');
  });
});
