import { freePort, LoadBalancerProxy, runAppCommand, startAppProcess, type AppProcess, type ProcessEnd } from '@tributary/platform-testing';
import { replicaEnv, type RolloutEndpoints } from './app-env';
import { migrateApp } from './migrate-app.util';
import { REPLICAS, ROLLOUT_APPS, type RolloutApp, type RolloutFixture } from './rollout-fixture';
import { RunDatabases } from './run-databases';
import type { SmtpTarget } from './smtp-sender';

/** The servers of the run's stack. */
export interface StackAddresses {
  readonly brokers: string;
  readonly databaseUrl: string;
  readonly mail: RolloutEndpoints['mail'];
}

/**
 * Which apps run, with how many replicas each, and how mail comes in: `imap`, mail delivered to
 * GreenMail and polled by email-ingest; `smtp`, mail pushed to each email-ingest replica's inbound
 * SMTP server, as an MTA delivers to an MX.
 */
export interface DeploymentPlan {
  readonly apps: readonly RolloutApp[];
  readonly replicas: number;
  readonly emailIntake: 'imap' | 'smtp';
}

export const ROLLOUT_PLAN: DeploymentPlan = { apps: ROLLOUT_APPS, replicas: REPLICAS, emailIntake: 'imap' };

/** One replica restarted: how long its stop and its start until ready took, and how it ended. */
export interface ReplicaRestart {
  readonly app: RolloutApp;
  readonly replica: number;
  readonly stoppingAt: number;
  readonly exitedAt: number;
  /** When it was started again (after the pause a crashed pod waits for its restart). */
  readonly startedAt: number;
  readonly readyAt: number;
  readonly exit: string;
}

/** A running replica's process, for whoever watches its memory. */
export interface ReplicaProcess {
  readonly app: RolloutApp;
  readonly replica: number;
  readonly pid: number;
}

type WebhookApp = 'voice-ingest' | 'social-ingest';
const isWebhookApp = (app: RolloutApp): app is WebhookApp => app === 'voice-ingest' || app === 'social-ingest';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The deployment under test: each app's own database (migrated by its own command, as the
 * migration Job would), the plan's replicas of each app as processes, and a round-robin proxy in
 * front of each webhook app's replicas, its public address. A replica is restarted as Kubernetes
 * would roll it (SIGTERM, wait for the exit, start again, wait until /health/ready answers 200) or
 * crashed (SIGKILL, and started again after a pause, as the kubelet restarts a dead container).
 */
export class RolloutDeployment {
  private readonly replicas = new Map<RolloutApp, (AppProcess | undefined)[]>();
  private readonly proxies = { 'voice-ingest': new LoadBalancerProxy(), 'social-ingest': new LoadBalancerProxy() };
  /** Each email-ingest replica's inbound SMTP port, kept across its restarts (its Service's port). */
  private readonly smtpPorts: number[] = [];
  private readonly databases: RunDatabases;
  private endpoints: RolloutEndpoints | undefined;

  constructor(
    private readonly fixture: RolloutFixture,
    private readonly stack: StackAddresses,
    private readonly log: (line: string) => void,
    readonly plan: DeploymentPlan = ROLLOUT_PLAN,
  ) {
    this.databases = new RunDatabases(stack.databaseUrl, `rollout_${fixture.runId}`);
  }

  /** The public address of a webhook app (its proxy). */
  publicUrl(app: WebhookApp): string {
    return this.required().publicUrls[app];
  }

  /** Each running replica's own address, for a client that balances the load itself. */
  replicaUrls(app: RolloutApp): string[] {
    return (this.replicas.get(app) ?? []).flatMap((replica) => (replica ? [replica.baseUrl] : []));
  }

  /** Where mail is handed over: GreenMail's SMTP, or each email-ingest replica's inbound SMTP server. */
  smtpTargets(): SmtpTarget[] {
    if (this.plan.emailIntake === 'smtp') return this.smtpPorts.map((port) => ({ host: '127.0.0.1', port }));
    const mail = this.stack.mail;
    return mail ? [{ host: mail.host, port: mail.smtpPort }] : [];
  }

  databaseUrl(app: RolloutApp): string {
    return this.required().databaseUrls[app];
  }

  processes(): ReplicaProcess[] {
    return [...this.replicas].flatMap(([app, list]) => list.flatMap((replica, index) => (replica ? [{ app, replica: index, pid: replica.pid }] : [])));
  }

  async start(): Promise<void> {
    const databaseUrls = {} as Record<RolloutApp, string>;
    for (const app of ROLLOUT_APPS) databaseUrls[app] = this.plan.apps.includes(app) ? await this.databases.create(app) : '';
    for (const app of this.plan.apps) runAppCommand(`apps/${app}/src/migrate.main.ts`, ['up'], { DATABASE_URL: databaseUrls[app] });
    if (this.plan.apps.includes('email-ingest') && this.plan.emailIntake === 'smtp') {
      for (let replica = 0; replica < this.plan.replicas; replica += 1) this.smtpPorts.push(await freePort());
    }
    this.endpoints = {
      brokers: this.stack.brokers,
      mail: this.stack.mail,
      databaseUrls,
      publicUrls: { 'voice-ingest': await this.proxies['voice-ingest'].start(), 'social-ingest': await this.proxies['social-ingest'].start() },
    };
    // The router first: it creates the topics the others publish to. Then the rest together.
    if (this.plan.apps.includes('router')) await this.startApp('router');
    await Promise.all(this.plan.apps.filter((app) => app !== 'router').map((app) => this.startApp(app)));
  }

  /**
   * Applies the app's pending migrations before its replicas roll, as the chart's migration Job does
   * for a new release: a replica started on code whose schema is ahead stays unready until then.
   */
  async migrate(app: RolloutApp): Promise<void> {
    const printed = await migrateApp(app, this.databaseUrl(app));
    this.log(`${app}: migrate up: ${printed.split('\n').at(-1) ?? 'done'}`);
  }

  /** SIGTERM one replica, wait for its exit, start it again and wait until it is ready. */
  restart(app: RolloutApp, replica: number): Promise<ReplicaRestart> {
    return this.cycle(app, replica, (running) => running.stop(), 0);
  }

  /** SIGKILL one replica (a crash: nothing drained), start it again after `downMs` and wait until it is ready. */
  crash(app: RolloutApp, replica: number, downMs: number): Promise<ReplicaRestart> {
    return this.cycle(app, replica, (running) => running.kill(), downMs);
  }

  /** Requests each webhook proxy passed on, by the status the replica answered (502: not reachable). */
  forwardedStatuses(): Record<WebhookApp, Record<number, number>> {
    const count = (app: WebhookApp): Record<number, number> => {
      const counts: Record<number, number> = {};
      for (const request of this.proxies[app].forwarded) counts[request.status] = (counts[request.status] ?? 0) + 1;
      return counts;
    };
    return { 'voice-ingest': count('voice-ingest'), 'social-ingest': count('social-ingest') };
  }

  /** Stops every replica and proxy; drops the run's databases unless asked to keep them for a look. */
  async stop(keepDatabases: boolean): Promise<string[]> {
    await Promise.all([...this.replicas.values()].flat().map((replica) => replica?.stop() ?? Promise.resolve()));
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.stop()));
    return keepDatabases ? this.databases.names() : this.databases.dropAll().then(() => []);
  }

  private async cycle(app: RolloutApp, replica: number, end: (running: AppProcess) => Promise<void>, downMs: number): Promise<ReplicaRestart> {
    const running = this.replicas.get(app)?.[replica];
    if (!running) throw new Error(`${app} replica ${replica + 1} is not running`);
    const stoppingAt = Date.now();
    await end(running);
    const ended = await running.ended;
    const exitedAt = Date.now();
    this.setReplica(app, replica, undefined);
    await sleep(exitedAt + downMs - Date.now());
    const startedAt = Date.now();
    const next = await this.startReplica(app, replica);
    const readyAt = Date.now();
    if (isWebhookApp(app)) this.proxies[app].replaceTarget(running.baseUrl, next.baseUrl);
    this.log(`${app} replica ${replica + 1}: stopped in ${exitedAt - stoppingAt} ms (${describeEnd(ended)}), ready again after ${readyAt - exitedAt} ms`);
    return { app, replica, stoppingAt, exitedAt, startedAt, readyAt, exit: describeEnd(ended) };
  }

  private async startApp(app: RolloutApp): Promise<void> {
    await Promise.all(Array.from({ length: this.plan.replicas }, (_, replica) => this.startReplica(app, replica)));
    if (isWebhookApp(app)) this.proxies[app].forwardToEach(this.replicaUrls(app));
    this.log(`${app}: ${this.plan.replicas} replica(s) ready`);
  }

  private async startReplica(app: RolloutApp, replica: number): Promise<AppProcess> {
    const env = replicaEnv(app, replica, this.fixture, this.required(), app === 'email-ingest' ? this.smtpPorts[replica] : undefined);
    const started = await startAppProcess(app, { env, readyTimeoutMs: 120_000 });
    this.setReplica(app, replica, started);
    return started;
  }

  private setReplica(app: RolloutApp, replica: number, process: AppProcess | undefined): void {
    const list = this.replicas.get(app) ?? Array.from({ length: this.plan.replicas }, () => undefined);
    list[replica] = process;
    this.replicas.set(app, list);
  }

  private required(): RolloutEndpoints {
    if (!this.endpoints) throw new Error('the deployment has not been started');
    return this.endpoints;
  }
}

function describeEnd(end: ProcessEnd): string {
  return end.signal ? `signal ${end.signal}` : `exit ${end.code ?? '?'}`;
}
