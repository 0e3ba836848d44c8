import { DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from './json-logger';

/** Makes the app's one JsonLogger injectable, for structured events from our own code. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: JsonLogger): DynamicModule {
    return { module: LoggingModule, providers: [{ provide: JsonLogger, useValue: logger }], exports: [JsonLogger] };
  }
}
