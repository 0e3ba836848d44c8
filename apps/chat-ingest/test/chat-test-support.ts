import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PRESENCE_AUDIENCE, CHAT_INGEST_MIGRATIONS } from '@tributary/channel-chat';
import { APP_CONSUMER_GROUPS, bootApp, createTestDatabase, ownConsumerGroups, type BootedApp, type OwnConsumerGroups, type TestDatabase } from '@tributary/platform-testing';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { chatIngestApp } from '../src/chat-ingest.app';

export const TENANT_SECRET = `tenant-secret-${randomUUID()}`;
export const ANONYMOUS_SECRET = `anonymous-secret-${randomUUID()}`;
/** A suite's own database and the reply group its replicas share, started at the outbound topic's end. */
export async function chatSuiteResources(label: string): Promise<{ database: TestDatabase; groups: OwnConsumerGroups }> {
  const database = await createTestDatabase(label.replace(/-/g, '_'), { migrations: CHAT_INGEST_MIGRATIONS });
  const groups = await ownConsumerGroups(label, APP_CONSUMER_GROUPS['chat-ingest']);
  return { database, groups };
}

/** A chat-ingest replica in this process for one tenant; replicas of one suite share its database and group. */
export function bootChatIngest(tenantId: string, database: TestDatabase, groups: OwnConsumerGroups, env: NodeJS.ProcessEnv = {}): Promise<BootedApp> {
  return bootApp(chatIngestApp, {
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
    DATABASE_URL: database.url,
    CHAT_TENANTS: JSON.stringify({ [tenantId]: { origins: ['*'], anonymous: true } }),
    CHAT_TENANT_SECRETS: `${tenantId}:${TENANT_SECRET}`,
    CHAT_ANONYMOUS_TOKEN_SECRETS: ANONYMOUS_SECRET,
    // Content-addressed: suites and replicas may share it.
    BLOB_STORE_DIR: join(tmpdir(), 'tributary-chat-ingest-test-blobs'),
    ...groups.env,
    ...env,
  });
}

/** A visitor JWT as a tenant's backend signs it. */
export function tenantToken(claims: Record<string, unknown>, secret = TENANT_SECRET, expiresAt: number = Math.floor(Date.now() / 1000) + 600): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims['sub']))
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

/** A tenant's agent-presence heartbeat, as its helpdesk's backend signs it. */
export function agentPresenceToken(online: boolean, secret = TENANT_SECRET): Promise<string> {
  return new SignJWT({ online })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('helpdesk')
    .setAudience(AGENT_PRESENCE_AUDIENCE)
    .setExpirationTime('2m')
    .sign(new TextEncoder().encode(secret));
}

/** A raw protocol client: every frame it received, and how its socket closed. */
export class ChatTestClient {
  readonly frames: Record<string, unknown>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
    this.closed = new Promise((resolve) => socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') })));
    this.opened = new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    // Awaited by the tests that expect an open; a refused upgrade must not count as unhandled elsewhere.
    this.opened.catch(() => undefined);
  }

  static connect(baseUrl: string, tenantId: string, headers: Record<string, string> = {}): ChatTestClient {
    return new ChatTestClient(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/chat/socket?tenant=${encodeURIComponent(tenantId)}`, { headers }));
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  of(type: string): Record<string, unknown>[] {
    return this.frames.filter((frame) => frame['type'] === type);
  }
}
