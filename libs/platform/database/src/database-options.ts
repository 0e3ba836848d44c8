import type { MixedList } from 'typeorm';

export interface DatabaseModuleOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists.
  readonly entities?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration lists.
  readonly migrations?: MixedList<Function | string>;
}
