import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startFaultStack } from '@tributary/fault-oracle';
import { componentPid, repoRoot, stopStack, type StackComponent } from '@tributary/local-stack';
import { readDurabilitySettings, type DurabilitySettings } from './durability-settings';
import { announcementTimes } from './latency.util';
import { LoadGenerator, type CustomersPerChannel, type SentInput } from './load-generator';
import { MemorySampler, type MemoryRow, type WatchedProcess } from './memory-sampler';
import { childPids } from './process-memory.util';
import { RolloutDeployment, type DeploymentPlan } from './rollout-deployment';
import { rolloutFixture } from './rollout-fixture';
import { judgeRollout, type RolloutVerdict } from './rollout-verdict';
import { SmtpSender } from './smtp-sender';
import { runFaults, type FaultRecord } from './soak-faults';
import { SoakProgress } from './soak-progress';
import type { SoakOptions } from './soak-options';
import { faultTimes, soakApps, soakCustomers } from './soak-plan.util';
import { TicketStreamReader } from './ticket-stream.reader';
import { TwilioWebhookPoster } from './twilio-webhook.poster';

/** Open SMTP connections per email-ingest replica. */
const SMTP_CONNECTIONS_PER_TARGET = 40;

/** Everything a soak measured, for the report. */
export interface SoakResult {
  readonly options: SoakOptions;
  readonly plan: DeploymentPlan;
  readonly customers: CustomersPerChannel;
  readonly tenantId: string;
  readonly loadStartedAt: number;
  readonly loadStoppedAt: number;
  /** When every input sent was acknowledged (or given up on). */
  readonly drainedAt: number;
  readonly inputs: readonly SentInput[];
  readonly faults: readonly FaultRecord[];
  /** When each input was first announced on the ticket stream, by input number. */
  readonly announcedAt: ReadonlyMap<number, number>;
  readonly ticketEvents: number;
  readonly tickets: number;
  readonly readerRestarts: number;
  readonly memory: readonly MemoryRow[];
  readonly durability: DurabilitySettings;
  /** The machine's cores, its load average at the end of the load, the CPU this process used over `harnessWallMs`, and its worst event-loop delay (p99 of a progress interval). */
  readonly machine: {
    readonly cores: number;
    readonly loadAverage: readonly number[];
    readonly harnessCpuMs: number;
    readonly harnessWallMs: number;
    readonly worstLoopDelayMs: number;
  };
  readonly verdict: RolloutVerdict;
  readonly keptDatabases: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * One soak: the stack and the deployment started, the load run for `minutes` with the broker and a
 * router replica SIGKILLed and started again on the way, every input drained, then the oracle's
 * verdict once the router has stored and announced all it will. Memory is sampled throughout. The
 * stack is stopped at the end unless `keepStack`.
 */
export async function runSoak(options: SoakOptions, log: (line: string) => void): Promise<SoakResult> {
  const plan: DeploymentPlan = { apps: soakApps(options.mix), replicas: options.replicas, emailIntake: options.emailVia };
  const customers = soakCustomers(options);
  const components: StackComponent[] = plan.emailIntake === 'imap' && customers.email > 0 ? ['kafka', 'postgres', 'mail'] : ['kafka', 'postgres'];
  const stack = await startFaultStack(options.stack, components);
  const env = stack.env;
  const brokers = env['KAFKA_BROKERS'] ?? '';
  const mail = components.includes('mail') ? { host: env['MAIL_HOST'] ?? '127.0.0.1', smtpPort: Number(env['MAIL_SMTP_PORT']), imapPort: Number(env['MAIL_IMAP_PORT']) } : undefined;
  const fixture = rolloutFixture(join(repoRoot(), '.local', 'soak'));
  const deployment = new RolloutDeployment(fixture, { brokers, databaseUrl: env['DATABASE_URL'] ?? '', mail }, log, plan);
  const reader = new TicketStreamReader(brokers, fixture.tenantId, log);
  const sampler = new MemorySampler(() => watchedProcesses(deployment, options.stack, components), options.sampleSeconds * 1000);
  let measured: Omit<SoakResult, 'keptDatabases'> | undefined;
  let load: LoadGenerator | undefined;
  let smtp: SmtpSender | undefined;
  let twilio: TwilioWebhookPoster | undefined;
  let progress: SoakProgress | undefined;
  let failed = false;
  let keptDatabases: string[] = [];
  try {
    log(`stack ${options.stack} up; tenant ${fixture.tenantId}; starting ${plan.replicas} replica(s) each of ${plan.apps.join(', ')}`);
    await deployment.start();
    await reader.start();
    const durability = await readDurabilitySettings(brokers, deployment.databaseUrl('router'), plan);
    const smtpTargets = deployment.smtpTargets();
    // A sending mail server keeps a few connections per MX, not one per customer: fewer than
    // email-ingest's EMAIL_INBOUND_SMTP_MAX_CLIENTS (50), past which it answers 421 at connect.
    if (customers.email > 0) smtp = new SmtpSender(smtpTargets, Math.min(SMTP_CONNECTIONS_PER_TARGET, Math.ceil(customers.email / Math.max(1, smtpTargets.length))));
    if (customers.sms > 0) {
      const replicas = deployment.replicaUrls('voice-ingest');
      twilio = new TwilioWebhookPoster(fixture.twilio.authToken, deployment.publicUrl('voice-ingest'), replicas, Math.ceil(customers.sms / replicas.length));
    }
    const targets = { twilio, socialUrl: deployment.publicUrl('social-ingest'), smtp };
    sampler.mark('before');
    sampler.start();
    const cpuBefore = process.cpuUsage();
    load = new LoadGenerator(fixture, targets, options.rate, customers);
    const loadMs = options.minutes * 60_000;
    const loadStartedAt = Date.now();
    load.start();
    log(`load: ${options.rate} inputs/s asked for ${options.minutes} min`);
    progress = new SoakProgress(load, reader, loadStartedAt, log);
    progress.start(Math.min(30_000, Math.max(5_000, loadMs / 6)));
    const faults = runFaults(faultTimes(options), { stack: options.stack, deployment, brokerDownMs: options.brokerDownSeconds * 1000, routerDownMs: options.routerDownSeconds * 1000 }, loadStartedAt, log, () => failed).then(
      (records) => ({ records }),
      (error: unknown) => ({ error }),
    );
    await sleep(loadStartedAt + loadMs - Date.now());
    const loadStoppedAt = Date.now();
    await load.stop();
    const drainedAt = Date.now();
    const struck = await faults;
    if ('error' in struck) throw struck.error;
    progress.stop();
    sampler.mark('end of load');
    const harnessCpu = process.cpuUsage(cpuBefore);
    const harnessWallMs = Date.now() - loadStartedAt;
    const loadAverage = loadavg();
    log(`load stopped after ${load.inputs.length} inputs; every input answered ${((drainedAt - loadStoppedAt) / 1000).toFixed(1)} s later; waiting for the router to store and announce them`);
    const verdict = await judgeRollout(deployment.databaseUrl('router'), fixture.tenantId, load.inputs, reader.events, log);
    sampler.mark('after');
    measured = {
      options,
      plan,
      customers,
      tenantId: fixture.tenantId,
      loadStartedAt,
      loadStoppedAt,
      drainedAt,
      inputs: load.inputs,
      faults: struck.records,
      announcedAt: announcementTimes(reader.events),
      ticketEvents: new Set(reader.events.map((timed) => timed.event.eventId)).size,
      tickets: new Set(reader.events.map((timed) => timed.event.ticketId)).size,
      readerRestarts: reader.restarts,
      memory: sampler.rows(),
      durability,
      machine: { cores: cpus().length, loadAverage, harnessCpuMs: (harnessCpu.user + harnessCpu.system) / 1000, harnessWallMs, worstLoopDelayMs: progress.worstLoopDelayMs },
      verdict,
    };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    progress?.stop();
    sampler.stop();
    load?.abort();
    smtp?.close();
    twilio?.close();
    await reader.stop().catch(() => undefined);
    // Databases of a run that was not clean (or failed) stay, for a look at what was stored.
    keptDatabases = await deployment.stop(measured?.verdict.clean !== true).catch(() => []);
    if (measured?.verdict.clean === true) await rm(fixture.directory, { recursive: true, force: true });
    if (!options.keepStack) await stopStack({ name: options.stack });
  }
  return { ...measured, keptDatabases };
}

/** Every replica (RSS), the broker (RSS), PostgreSQL and its backends (PSS, summed), GreenMail if it runs, and this process. */
function watchedProcesses(deployment: RolloutDeployment, stack: string, components: readonly StackComponent[]): WatchedProcess[] {
  const watched: WatchedProcess[] = deployment.processes().map(({ app, replica, pid }) => ({ label: `${app} ${replica + 1}`, pids: [pid], measure: 'rss' }));
  const kafka = componentPid(stack, 'kafka');
  if (kafka !== undefined) watched.push({ label: 'kafka', pids: [kafka], measure: 'rss' });
  const postgres = componentPid(stack, 'postgres');
  if (postgres !== undefined) watched.push({ label: 'postgres (all its processes)', pids: [postgres, ...childPids(postgres)], measure: 'pss' });
  const mail = components.includes('mail') ? componentPid(stack, 'mail') : undefined;
  if (mail !== undefined) watched.push({ label: 'greenmail', pids: [mail], measure: 'rss' });
  watched.push({ label: 'harness (load, reader)', pids: [process.pid], measure: 'rss' });
  return watched;
}
