import { LoadBalancerProxy, runAppCommand, startAppProcess, type AppProcess } from '@tributary/platform-testing';
import { Client } from 'pg';
import { replicaEnv, type RolloutEndpoints } from './app-env';
import { migrateApp } from './migrate-app.util';
import { REPLICAS, ROLLOUT_APPS, type RolloutApp, type RolloutFixture } from './rollout-fixture';

/** The servers of the run's stack. */
export interface StackAddresses {
  readonly brokers: string;
  readonly databaseUrl: string;
  readonly mail: RolloutEndpoints['mail'];
}

/** One replica restarted: how long its graceful stop and its start until ready took, and how it ended. */
export interface ReplicaRestart {
  readonly app: RolloutApp;
  readonly replica: number;
  readonly stoppingAt: number;
  readonly exitedAt: number;
  readonly readyAt: number;
  readonly exit: string;
}

type WebhookApp = 'voice-ingest' | 'social-ingest';
const isWebhookApp = (app: RolloutApp): app is WebhookApp => app === 'voice-ingest' || app === 'social-ingest';

/**
 * The deployment under test: each app's own database (migrated by its own command, as the
 * migration Job would), two replicas of every app as processes, and a round-robin proxy in front of
 * each webhook app's replicas, its public address. A replica is restarted as Kubernetes would roll
 * it: SIGTERM, wait for the exit, start again, wait until /health/ready answers 200.
 */
export class RolloutDeployment {
  private readonly replicas = new Map<RolloutApp, (AppProcess | undefined)[]>();
  private readonly proxies = { 'voice-ingest': new LoadBalancerProxy(), 'social-ingest': new LoadBalancerProxy() };
  private endpoints: RolloutEndpoints | undefined;
  private readonly databases: string[] = [];

  constructor(
    private readonly fixture: RolloutFixture,
    private readonly stack: StackAddresses,
    private readonly log: (line: string) => void,
  ) {}

  /** The public address of a webhook app (its proxy). */
  publicUrl(app: WebhookApp): string {
    return this.required().publicUrls[app];
  }

  databaseUrl(app: RolloutApp): string {
    return this.required().databaseUrls[app];
  }

  async start(): Promise<void> {
    const databaseUrls: Record<RolloutApp, string> = {
      router: await this.createDatabase('router'),
      'email-ingest': await this.createDatabase('email-ingest'),
      'voice-ingest': await this.createDatabase('voice-ingest'),
      'social-ingest': await this.createDatabase('social-ingest'),
    };
    for (const app of ROLLOUT_APPS) runAppCommand(`apps/${app}/src/migrate.main.ts`, ['up'], { DATABASE_URL: databaseUrls[app] });
    this.endpoints = {
      brokers: this.stack.brokers,
      mail: this.stack.mail,
      databaseUrls,
      publicUrls: { 'voice-ingest': await this.proxies['voice-ingest'].start(), 'social-ingest': await this.proxies['social-ingest'].start() },
    };
    // The router first: it creates the topics the others publish to. Then the rest together.
    await this.startApp('router');
    await Promise.all(ROLLOUT_APPS.filter((app) => app !== 'router').map((app) => this.startApp(app)));
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
  async restart(app: RolloutApp, replica: number): Promise<ReplicaRestart> {
    const running = this.replicas.get(app)?.[replica];
    if (!running) throw new Error(`${app} replica ${replica + 1} is not running`);
    const stoppingAt = Date.now();
    await running.stop();
    const ended = await running.ended;
    const exitedAt = Date.now();
    this.setReplica(app, replica, undefined);
    const next = await this.startReplica(app, replica);
    const readyAt = Date.now();
    if (isWebhookApp(app)) this.proxies[app].replaceTarget(running.baseUrl, next.baseUrl);
    this.log(`${app} replica ${replica + 1}: stopped in ${exitedAt - stoppingAt} ms (${describeEnd(ended)}), ready again after ${readyAt - exitedAt} ms`);
    return { app, replica, stoppingAt, exitedAt, readyAt, exit: describeEnd(ended) };
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
    if (keepDatabases) return this.databases;
    const admin = new Client({ connectionString: this.stack.databaseUrl });
    await admin.connect();
    try {
      for (const name of this.databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    return [];
  }

  private async startApp(app: RolloutApp): Promise<void> {
    await Promise.all(Array.from({ length: REPLICAS }, (_, replica) => this.startReplica(app, replica)));
    if (isWebhookApp(app)) this.proxies[app].forwardToEach((this.replicas.get(app) ?? []).map((replica) => replica?.baseUrl ?? ''));
    this.log(`${app}: ${REPLICAS} replicas ready`);
  }

  private async startReplica(app: RolloutApp, replica: number): Promise<AppProcess> {
    const started = await startAppProcess(app, { env: replicaEnv(app, replica, this.fixture, this.required()), readyTimeoutMs: 120_000 });
    this.setReplica(app, replica, started);
    return started;
  }

  private setReplica(app: RolloutApp, replica: number, process: AppProcess | undefined): void {
    const list = this.replicas.get(app) ?? Array.from({ length: REPLICAS }, () => undefined);
    list[replica] = process;
    this.replicas.set(app, list);
  }

  private async createDatabase(app: RolloutApp): Promise<string> {
    const name = `rollout_${this.fixture.runId}_${app.replace('-', '_')}`;
    const admin = new Client({ connectionString: this.stack.databaseUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    this.databases.push(name);
    const url = new URL(this.stack.databaseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  private required(): RolloutEndpoints {
    if (!this.endpoints) throw new Error('the deployment has not been started');
    return this.endpoints;
  }
}

function describeEnd(end: { code: number | null; signal: NodeJS.Signals | null }): string {
  return end.signal ? `signal ${end.signal}` : `exit ${end.code ?? '?'}`;
}
