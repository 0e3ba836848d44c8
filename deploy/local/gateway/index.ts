import { stackPaths } from '../src/stack-paths.util';
import { localApiKeys, type LocalApiKeys } from './local-api-keys';

/** What tooling may know of a running local gateway (`@tributary/local-stack/gateway`): its apps and local accounts. */
export { appStatuses } from './app-processes';
export type { AppStatus } from './app-processes';
export { LOCAL_PHONE_NUMBER, LOCAL_TWILIO } from './local-channel-config';
export type { LocalApiKeys } from './local-api-keys';

/** The queue API keys `./tributary start` made for a stack's tenants and operator. */
export function localApiKeysOf(stackName: string): LocalApiKeys {
  return localApiKeys(stackPaths(stackName).root);
}
