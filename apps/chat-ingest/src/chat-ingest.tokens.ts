export const CHAT_INGEST_CONFIG = Symbol('CHAT_INGEST_CONFIG');
/** The tenants resolved with their secrets (`ReadonlyMap<string, ChatTenant>`). */
export const CHAT_TENANTS = Symbol('CHAT_TENANTS');
/** The hand-off of visitors' messages and delivery reports (no spool: the widget keeps a message until it is acknowledged). */
export const CHAT_HANDOFF = Symbol('CHAT_HANDOFF');
