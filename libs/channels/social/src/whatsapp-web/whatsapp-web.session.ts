import type { AccountLease, AccountLeaseRepository, DurableHandoff } from '@tributary/channel-kit';
import { StopSignal, type JsonLogger } from '@tributary/platform-observability';
import { closeWhatsappWebClient } from './whatsapp-web-client-close.util';
import type { WhatsappWebClientPort, WhatsappWebMessage } from './whatsapp-web-client.port';
import { whatsappWebErrorReason as reasonOf } from './whatsapp-web-error-reason.util';
import { whatsappWebChatIdOf } from './whatsapp-web-id.util';
import { WhatsappWebPendingRepliesDrainer } from './whatsapp-web-pending-replies.drainer';
import type { WhatsappWebPendingRepliesPort, WhatsappWebPendingReply } from './whatsapp-web-pending-reply';
import type { WhatsappWebSentMessagesPort } from './whatsapp-web-sent-message';
import { WhatsappWebSendsUnderWay } from './whatsapp-web-sends-under-way';
import { WhatsappWebSessionEvents } from './whatsapp-web-session-events.handler';
import type { WhatsappWebSessionState } from './whatsapp-web-session-state';

export interface WhatsappWebSessionTimings {
  readonly leaseRetryMs: number;
  readonly leaseCheckMs: number;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  readonly startTimeoutMs: number;
  /** Longest wait for a Client's browser to close before moving on (a hung close must not hold the session). */
  readonly destroyTimeoutMs?: number;
  /** How often the holder's ready session looks for replies other replicas stored for it (default 1 s). */
  readonly pendingPollMs?: number;
}

export interface WhatsappWebSessionDependencies {
  readonly leases: Pick<AccountLeaseRepository, 'tryAcquire'>;
  /** Builds a new Client for the number; called only while this replica holds its lease. */
  readonly createClient: (number: string) => WhatsappWebClientPort;
  /** Customers' messages, messages typed on the phone and delivery reports leave through it. */
  readonly handoff: Pick<DurableHandoff, 'handOff'>;
  readonly sentMessages: WhatsappWebSentMessagesPort;
  /** Replies stored by replicas that could not send them, for the holder's session to send. */
  readonly pendingReplies: WhatsappWebPendingRepliesPort;
  readonly logger: Pick<JsonLogger, 'event'>;
  readonly now?: () => Date;
}

/** What became of a reply: sent through this replica's ready Client, or stored for the number's holder. */
export type WhatsappWebReplyOutcome = { readonly kind: 'sent'; readonly message: WhatsappWebMessage } | { readonly kind: 'queued' };

/** How one Client ended; `wasReady` resets the backoff (a session that worked starts over from the first delay). */
type ClientEnd =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'lease-lost' }
  | { readonly kind: 'disconnected'; readonly reason: string; readonly wasReady: boolean }
  | { readonly kind: 'failed'; readonly reason: string; readonly wasReady: boolean };

/**
 * One linked number, run by whichever replica holds its lease (a PostgreSQL session lock that dies
 * with its holder, so a killed replica's number is taken over within `leaseRetryMs`). Only the holder
 * builds a Client. A Client that disconnects or fails is destroyed and a NEW one started after a
 * doubling delay, since whatsapp-web.js does not reconnect a destroyed browser; a lost lease destroys
 * it at once, so two replicas never drive one number.
 */
export class WhatsappWebSession {
  private readonly stopSignal = new StopSignal();
  private readonly events: WhatsappWebSessionEvents;
  private readonly drainer: WhatsappWebPendingRepliesDrainer;
  private readonly now: () => Date;
  private readonly sends = new WhatsappWebSendsUnderWay();
  private running: Promise<void> | undefined;
  private current: WhatsappWebSessionState;
  private readyClient: WhatsappWebClientPort | undefined;
  private endClient: ((end: ClientEnd) => void) | undefined;

  constructor(
    readonly number: string,
    readonly tenantId: string,
    private readonly timings: WhatsappWebSessionTimings,
    private readonly deps: WhatsappWebSessionDependencies,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.current = { kind: 'waiting-for-lease', since: this.now().toISOString() };
    this.events = new WhatsappWebSessionEvents({ ...deps, tenantId, number, now: this.now, afterSends: () => this.sends.settled() });
    const pollMs = timings.pendingPollMs ?? 1_000;
    this.drainer = new WhatsappWebPendingRepliesDrainer({ ...deps, number, now: this.now, pollMs, track: (work) => this.sends.track(work) });
  }

  get state(): WhatsappWebSessionState {
    return this.current;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Destroys the Client, releases the lease; returns once both are done. */
  async stop(): Promise<void> {
    this.stopSignal.stop();
    this.endClient?.({ kind: 'stopped' });
    await this.running;
    this.setState({ kind: 'stopped', since: this.now().toISOString() });
  }

  /**
   * Sends a reply through this replica's ready Client. Without one (another replica holds the number,
   * or the session here is not ready), or when the send fails, the reply is stored for whichever
   * replica holds the number to send once ready: never thrown back to a reply loop no Client here serves.
   */
  async reply(reply: WhatsappWebPendingReply): Promise<WhatsappWebReplyOutcome> {
    const client = this.readyClient;
    if (client !== undefined) {
      try {
        return { kind: 'sent', message: await this.sends.track(() => this.sendNow(client, reply)) };
      } catch (error) {
        this.log('warn', 'reply not sent; stored to be tried again', { outboundId: reply.outboundId, error });
      }
    }
    await this.deps.pendingReplies.queue(reply);
    this.log('info', 'reply stored for the replica holding this number', { outboundId: reply.outboundId });
    return { kind: 'queued' };
  }

  /** Sends, and records the message as the reply's (its own events wait for this: see WhatsappWebSendsUnderWay). */
  private async sendNow(client: WhatsappWebClientPort, reply: WhatsappWebPendingReply): Promise<WhatsappWebMessage> {
    const sent = await client.sendMessage(whatsappWebChatIdOf(reply.recipient), reply.text, reply.quotedMessageId ? { quotedMessageId: reply.quotedMessageId } : {});
    const { outboundId, tenantId, ticketId, traceId } = reply;
    try {
      await this.deps.sentMessages.record({ number: this.number, keyId: sent.id.id, messageId: sent.id._serialized, outboundId, tenantId, ticketId, traceId });
    } catch (error) {
      // Sent is sent: failing the reply now would send it again. Its acks go unreported.
      this.log('error', 'reply sent but not recorded: its acks will not be reported', { outboundId, messageId: sent.id._serialized, error });
    }
    return sent;
  }

  private async loop(): Promise<void> {
    while (!this.stopSignal.isStopped) {
      let lease: AccountLease | undefined;
      try {
        lease = await this.deps.leases.tryAcquire(this.number);
      } catch (error) {
        this.log('warn', 'could not ask for the lease; trying again', { error });
      }
      if (lease === undefined) {
        if (this.current.kind !== 'waiting-for-lease') this.setState({ kind: 'waiting-for-lease', since: this.now().toISOString() });
        await this.stopSignal.sleep(this.timings.leaseRetryMs);
        continue;
      }
      this.log('info', 'holding the session of this number');
      try {
        await this.hold(lease);
      } catch (error) {
        // Nothing in a session may end the loop: the number would stay unserved until a restart.
        this.log('error', 'session loop failed; releasing the number and starting over', { error });
        await this.stopSignal.sleep(this.timings.reconnectInitialMs);
      } finally {
        await lease.release();
      }
      if (!this.stopSignal.isStopped) this.setState({ kind: 'waiting-for-lease', since: this.now().toISOString() });
    }
  }

  /** Runs Client after Client while the lease holds; returns when stopped or the lease is lost. */
  private async hold(lease: AccountLease): Promise<void> {
    let failures = 0;
    while (!this.stopSignal.isStopped) {
      const end = await this.runClient(lease);
      if (end.kind === 'lease-lost') this.log('warn', 'lease lost: Client destroyed');
      if (end.kind === 'stopped' || end.kind === 'lease-lost') return;
      failures = end.wasReady ? 1 : failures + 1;
      const delayMs = Math.min(this.timings.reconnectMaxMs, this.timings.reconnectInitialMs * 2 ** Math.min(failures - 1, 30));
      const retryAt = new Date(this.now().getTime() + delayMs).toISOString();
      this.setState({ kind: end.kind, reason: end.reason, retryAt, since: this.now().toISOString() });
      this.log('warn', `session ${end.kind}; a new Client starts after a delay`, { reason: end.reason, delayMs, failures });
      if (await this.sleepHolding(lease, delayMs)) return;
    }
  }

  /** Sleeps, checking the lease meanwhile; true when it was lost. */
  private async sleepHolding(lease: AccountLease, delayMs: number): Promise<boolean> {
    const until = Date.now() + delayMs;
    while (!this.stopSignal.isStopped && Date.now() < until) {
      await this.stopSignal.sleep(Math.min(this.timings.leaseCheckMs, until - Date.now()));
      if (!(await lease.stillHeld())) return true;
    }
    return false;
  }

  private async runClient(lease: AccountLease): Promise<ClientEnd> {
    this.setState({ kind: 'starting', since: this.now().toISOString() });
    let client: WhatsappWebClientPort;
    try {
      client = this.deps.createClient(this.number);
    } catch (error) {
      return { kind: 'failed', reason: `could not build a Client: ${reasonOf(error)}`, wasReady: false };
    }
    const timers: NodeJS.Timeout[] = [];
    let wasReady = false;
    let shown = false;
    let settled = false;
    const ended = new Promise<ClientEnd>((resolve) => {
      const finish = (end: ClientEnd): void => {
        if (settled) return;
        settled = true;
        this.readyClient = undefined;
        this.endClient = undefined;
        this.drainer.halt();
        // Shown at once; the retry time joins it once the Client is closed.
        if (end.kind === 'disconnected' || end.kind === 'failed') this.setState({ kind: end.kind, reason: end.reason, since: this.now().toISOString() });
        resolve(end);
      };
      this.endClient = finish;
      client.on('qr', (qr) => {
        shown = true;
        if (settled || (this.current.kind === 'qr-required' && this.current.qr === qr)) return;
        this.setState({ kind: 'qr-required', qr, since: this.now().toISOString() });
        this.log('warn', 'number not linked: scan this QR in WhatsApp > Linked devices', { qr });
      });
      client.on('authenticated', () => {
        shown = true;
        this.log('info', 'WhatsApp Web logged in');
      });
      client.on('auth_failure', (message) => finish({ kind: 'failed', reason: `the saved login was refused: ${message}`, wasReady }));
      client.on('ready', () => {
        if (settled) return;
        wasReady = true;
        this.readyClient = client;
        this.setState({ kind: 'ready', since: this.now().toISOString() });
        this.log('info', 'session ready');
        this.drainer.run(client);
      });
      client.on('disconnected', (reason) => finish({ kind: 'disconnected', reason: `WhatsApp Web disconnected: ${String(reason)}`, wasReady }));
      client.on('change_state', (state) => this.log('info', 'WhatsApp Web state changed', { waState: state }));
      this.events.attach(client);
      timers.push(
        setTimeout(() => {
          if (!shown && !wasReady) finish({ kind: 'failed', reason: `WhatsApp Web showed neither a QR nor a login within ${this.timings.startTimeoutMs} ms`, wasReady });
        }, this.timings.startTimeoutMs),
      );
      const checkLease = (): void => {
        if (settled) return;
        timers.push(
          setTimeout(() => {
            void lease
              .stillHeld()
              .catch(() => false)
              .then((held) => (held ? checkLease() : finish({ kind: 'lease-lost' })));
          }, this.timings.leaseCheckMs),
        );
      };
      checkLease();
      client.initialize().catch((error: unknown) => finish({ kind: 'failed', reason: `could not open WhatsApp Web: ${reasonOf(error)}`, wasReady }));
    });
    const end = await ended;
    for (const timer of timers) clearTimeout(timer);
    await closeWhatsappWebClient(client, this.timings.destroyTimeoutMs ?? 15_000, (level, msg, error) => this.log(level, msg, error === undefined ? {} : { error }));
    // A stored reply being sent fails with the Client closed, and its row is left for the next holder.
    await this.drainer.idle(this.timings.destroyTimeoutMs ?? 15_000);
    return end;
  }

  private setState(state: WhatsappWebSessionState): void {
    this.current = state;
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
    this.deps.logger.event(level, 'WhatsappWebSession', msg, { number: this.number, tenantId: this.tenantId, state: this.current.kind, ...fields });
  }
}
