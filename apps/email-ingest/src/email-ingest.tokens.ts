/** The validated configuration, for the app's own providers. */
export const EMAIL_INGEST_CONFIG = Symbol('EMAIL_INGEST_CONFIG');
