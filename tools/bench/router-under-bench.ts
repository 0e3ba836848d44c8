// The benchmark measures the real router in this process, so this file, and only this file,
// reaches past the tooling boundary: the router app to boot, its migrations and consumer group,
// and its batch step for the SQL profile. Everything else under tools/bench imports
// contracts, platform and test helpers only.
/* eslint-disable @nx/enforce-module-boundaries -- a benchmark of the router has to load the router */
export { routerApp } from '../../apps/router/src/router.app';
export { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
export { RELAY_STATEMENT, ROUTER_CONSUMER_GROUP, processInboundBatchWith, queryRunnerExecutor } from '@tributary/router-ticketing';
export type { SqlExecutor, TransactionRunner } from '@tributary/router-ticketing';
/* eslint-enable @nx/enforce-module-boundaries */
