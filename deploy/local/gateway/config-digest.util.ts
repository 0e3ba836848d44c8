import { createHash } from 'node:crypto';
import type { GatewayAppName } from './gateway-apps';

/** What every app reads: libs/platform/config's shapes (database, Kafka, HTTP, logs, shutdown) and the blob store's. */
const SHARED_PREFIXES = ['BLOB_STORE_', 'DATABASE_', 'HANDOFF_', 'HTTP_', 'KAFKA_', 'LOG_', 'MEDIA_', 'NODE_', 'SHUTDOWN_', 'SPOOL_'];

/**
 * The prefixes of the variables each process reads beyond the shared ones (its *.config.ts and its
 * channel library's). Only these count: the rest of a shell's environment (PWD, SHLVL) changes from
 * one start to the next without changing what a process does, and one app's settings (ROUTER_API_KEYS)
 * must not restart the others.
 */
const OWN_PREFIXES: Record<GatewayAppName, readonly string[]> = {
  router: ['ROUTER_'],
  'email-ingest': ['EMAIL_'],
  'voice-ingest': ['TWILIO_', 'VOICE_'],
  'chat-ingest': ['CHAT_'],
  'social-ingest': ['SOCIAL_', 'WHATSAPP_', 'TELEGRAM_', 'META_'],
  'twilio-emulator': ['TWILIO_'],
  'graph-emulator': ['WHATSAPP_'],
  'telegram-emulator': ['TELEGRAM_'],
  'meta-emulator': ['META_'],
};

/** A digest of what a process's configuration would be, to tell whether the running one has the settings a start would give it. */
export function configDigest(app: GatewayAppName, env: NodeJS.ProcessEnv): string {
  const prefixes = [...SHARED_PREFIXES, ...OWN_PREFIXES[app]];
  const relevant = Object.entries(env)
    .filter(([name, value]) => value !== undefined && prefixes.some((prefix) => name.startsWith(prefix)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex');
}
