import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source.util';
import type { DatabaseModuleOptions } from './database-options';
import { DatabaseRuntime } from './database-runtime.service';

/** One TypeORM DataSource per app, with a readiness indicator. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => createDataSource(options) }, DatabaseRuntime],
      exports: [DataSource, DatabaseRuntime],
    };
  }
}
