import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseRuntime } from '@tributary/platform-database';
import { KAFKA_CLIENT, KafkaRuntime, consumerGroupLag } from '@tributary/platform-kafka';
import { transactionExecutor } from '@tributary/router-ticketing';
import type { Admin, Kafka } from 'kafkajs';
import { channelActivity, tenantOverview } from './console.repository';
import { toChannelHealth, toTenantList, type ChannelHealth, type LagReading, type TenantList } from './console-views';

/** A console polls: a broker that does not answer must not hold its page for kafkajs's whole retry ladder. */
const LAG_TIMEOUT_MS = 5_000;

/** What the operator console shows beside the queue: per-channel activity, the router's lag, the tenants. */
@Injectable()
export class ConsoleOverviewService implements OnApplicationShutdown {
  private admin: Promise<Admin> | undefined;

  constructor(
    private readonly database: DatabaseRuntime,
    private readonly kafkaRuntime: KafkaRuntime,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
  ) {}

  async channelHealth(tenantId: string): Promise<ChannelHealth> {
    const at = new Date();
    const [rows, lag] = await Promise.all([
      this.database.dataSource.transaction((manager) => channelActivity(transactionExecutor(manager), tenantId, at)),
      this.readLag(),
    ]);
    return toChannelHealth(tenantId, at, rows, lag);
  }

  async tenants(): Promise<TenantList> {
    return toTenantList(await this.database.dataSource.transaction((manager) => tenantOverview(transactionExecutor(manager))));
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect();
  }

  private async readLag(): Promise<LagReading> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${LAG_TIMEOUT_MS} ms`)), LAG_TIMEOUT_MS);
    });
    try {
      const admin = await Promise.race([this.connectedAdmin(), timeout]);
      return { groups: await Promise.race([consumerGroupLag(admin, this.kafkaRuntime.consumerGroups()), timeout]) };
    } catch (error) {
      // A fresh connection next time: the one that failed may be half open.
      const failed = this.admin;
      this.admin = undefined;
      void failed?.then((admin) => admin.disconnect()).catch(() => undefined);
      return { error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }
}
