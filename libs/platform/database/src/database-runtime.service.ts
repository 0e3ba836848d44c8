import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { HealthIndicator } from '@tributary/platform-observability';
import { JsonLogger, StopSignal } from '@tributary/platform-observability';
import { DataSource } from 'typeorm';

const CONNECT_RETRY_MS = 2_000;

/**
 * Connects to Postgres in the background, retrying until it answers, so the app starts (and says
 * "not ready") while the database is still coming up; readiness then asks Postgres on every probe.
 */
@Injectable()
export class DatabaseRuntime implements OnApplicationBootstrap, OnApplicationShutdown, HealthIndicator {
  readonly name = 'postgres';
  private readonly stopSignal = new StopSignal();
  private connecting: Promise<void> | undefined;

  constructor(
    readonly dataSource: DataSource,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.connecting ??= this.connect();
  }

  /**
   * Resolves once the pool is up. A provider whose bootstrap hook runs before this one's (Nest starts
   * deeper modules first) starts the connection itself instead of getting a promise already resolved.
   */
  whenConnected(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  /** Ready when Postgres answers and the schema is current (an app on an old schema would fail on every write). */
  async check(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('not connected yet');
    await this.dataSource.query('SELECT 1');
    if (this.dataSource.migrations.length > 0 && (await this.dataSource.showMigrations())) {
      throw new Error('schema has pending migrations: run the migrate command');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopSignal.stop();
    await this.connecting?.catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async connect(): Promise<void> {
    while (!this.stopSignal.isStopped) {
      try {
        await this.dataSource.initialize();
        this.logger.event('info', 'Database', 'connected to Postgres');
        return;
      } catch (error) {
        this.logger.event('warn', 'Database', 'Postgres not reachable; retrying', { error });
        await this.stopSignal.sleep(CONNECT_RETRY_MS);
      }
    }
  }
}
