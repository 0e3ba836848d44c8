import { MetaSentMessages1796600000300 } from './1796600000300-meta-sent-messages.migration';

/** Messenger's and Instagram's tables, applied to the social app's database with the kit's and the app's own. */
export const META_MESSAGING_MIGRATIONS = [MetaSentMessages1796600000300];
