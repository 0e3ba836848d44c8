import type { ChatDeliveryReports } from '../conversation/chat-delivery-reports.service';
import { chatEntryEvent } from '../conversation/chat-entry-event.util';
import type { ChatIntake } from '../conversation/chat-intake.service';
import type { ChatTenant } from '../identity/chat-tenant';
import type { Visitor } from '../identity/visitor';
import { VisitorTokenError } from '../identity/visitor-token.error';
import type { VisitorTokenVerifier } from '../identity/visitor-token.verifier';
import type { SlidingWindowLimiter } from '../limits/sliding-window.limiter';
import type { AgentPresencePort } from '../persistence/agent-presence.port';
import type { ChatEntriesPort } from '../persistence/chat-entries.port';
import type { ChatUploadsPort } from '../persistence/chat-uploads.port';
import { ChatCloseCode } from '../protocol/chat-close-code';
import { parseClientFrame } from '../protocol/client-frame.parser';
import type { ClientFrame } from '../protocol/client-frame.schema';
import { ChatErrorCode, type ServerFrame } from '../protocol/server-frame';
import type { ChatConnection, ChatConnectionHub } from './chat-connection-hub';
import { SentSeqs } from './sent-seqs';

/** The socket as a session uses it (a `ws` WebSocket, or a fake in a test). */
export interface ChatSocket {
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface ChatSessionParts {
  readonly verifier: Pick<VisitorTokenVerifier, 'verify' | 'issueAnonymous'>;
  readonly entries: ChatEntriesPort;
  /** The visitor's uploads a `msg` references by id. */
  readonly uploads: Pick<ChatUploadsPort, 'find'>;
  readonly intake: Pick<ChatIntake, 'receive'>;
  readonly reports: Pick<ChatDeliveryReports, 'delivered' | 'read'>;
  readonly hub: ChatConnectionHub;
  readonly messageLimiter: Pick<SlidingWindowLimiter, 'take'>;
  /** Whether the tenant's agents are online: the offline form is asked for only when they are not. */
  readonly presence: Pick<AgentPresencePort, 'agentsOnline'>;
  readonly onError: (context: string, error: unknown) => void;
}

export interface ChatSessionLimits {
  readonly helloTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly maxMessageLength: number;
}

/** Entries replayed per query on hello; a long absence is replayed page by page. */
const REPLAY_PAGE = 200;
/** Until a failed catch-up is tried again. */
const CATCH_UP_RETRY_MS = 1_000;

type SessionState = { readonly kind: 'awaiting-hello' } | { readonly kind: 'greeting' } | { readonly kind: 'ready'; readonly visitor: Visitor; readonly conversationId: string } | { readonly kind: 'closed' };

/**
 * One widget socket: `hello` within the deadline (else 4408), then messages, acks and read
 * watermarks. Frames are handled one at a time in arrival order, so a visitor's messages are
 * numbered and handed off in the order typed.
 */
export class ChatSocketSession implements ChatConnection {
  private state: SessionState = { kind: 'awaiting-hello' };
  private readonly helloTimer: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  /** The `seq`s this socket was sent (or the widget said it had): catch-ups send the rest. */
  private sent = new SentSeqs();
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: ChatSocket,
    private readonly tenant: ChatTenant,
    private readonly parts: ChatSessionParts,
    private readonly limits: ChatSessionLimits,
  ) {
    this.helloTimer = setTimeout(() => this.refuse(ChatCloseCode.HelloTimeout, 'no hello in time'), limits.helloTimeoutMs);
  }

  /** A frame from the socket; handled after the ones before it. */
  receive(data: Buffer | string): Promise<void> {
    this.queue = this.queue.then(() => this.handle(data)).catch((error: unknown) => this.parts.onError('ChatSocketSession', error));
    return this.queue;
  }

  /** The socket closed, whoever closed it. */
  closed(): void {
    clearTimeout(this.helloTimer);
    clearTimeout(this.retry);
    if (this.state.kind === 'ready') this.parts.hub.remove(this.state.conversationId, this);
    this.state = { kind: 'closed' };
  }

  send(frame: ServerFrame): void {
    if (this.state.kind === 'closed') return;
    if (frame.type === 'event' || frame.type === 'ack') this.sent.add(frame.seq);
    this.socket.send(JSON.stringify(frame));
  }

  /**
   * Queued behind the frames being handled, so a catch-up never races the hello's replay. One that
   * fails (the database pool busy) is tried again later: the notification that asked for it will
   * not come again, and the reply would otherwise wait for the next one or a reconnect.
   */
  catchUp(): void {
    this.queue = this.queue
      .then(() => (this.state.kind === 'ready' ? this.replay(this.state.conversationId, this.sent.watermark) : undefined))
      .catch((error: unknown) => {
        this.parts.onError('ChatSocketSession', error);
        if (this.retry === undefined && this.state.kind === 'ready') {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.catchUp();
          }, CATCH_UP_RETRY_MS);
          this.retry.unref();
        }
      });
  }

  private async handle(data: Buffer | string): Promise<void> {
    if (this.state.kind === 'closed') return;
    const parsed = parseClientFrame(data, this.limits.maxFrameBytes);
    if (!parsed.ok) return this.refuse(parsed.close, parsed.reason);
    const frame = parsed.frame;
    if (frame.type === 'hello') return this.hello(frame);
    if (this.state.kind !== 'ready') return this.refuse(ChatCloseCode.BadFrame, `${frame.type} before hello`);
    await this.afterHello(frame, this.state.visitor, this.state.conversationId);
  }

  private async afterHello(frame: Exclude<ClientFrame, { type: 'hello' }>, visitor: Visitor, conversationId: string): Promise<void> {
    switch (frame.type) {
      case 'msg':
        return this.message(frame, visitor, conversationId);
      case 'ack':
        return this.parts.reports.delivered(this.tenant.tenantId, conversationId, frame.seq).catch((error: unknown) => this.parts.onError('ChatDeliveryReports', error));
      case 'read':
        return this.parts.reports.read(this.tenant.tenantId, conversationId, frame.seq).catch((error: unknown) => this.parts.onError('ChatDeliveryReports', error));
      case 'typing':
        // Accepted for the widget's sake; no contract carries a visitor's typing to agents yet.
        return;
    }
  }

  private async hello(frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    if (this.state.kind !== 'awaiting-hello') return this.refuse(ChatCloseCode.BadFrame, 'hello twice');
    this.state = { kind: 'greeting' };
    let visitor: Visitor;
    let issued: string | undefined;
    try {
      if (frame.token === undefined) {
        const anonymous = await this.parts.verifier.issueAnonymous(this.tenant);
        visitor = anonymous.visitor;
        issued = anonymous.token;
      } else {
        visitor = await this.parts.verifier.verify(this.tenant, frame.token);
      }
    } catch (error) {
      if (error instanceof VisitorTokenError) return this.refuse(ChatCloseCode.TokenInvalid, `${error.code}: ${error.message}`);
      throw error;
    }
    clearTimeout(this.helloTimer);
    const { conversationId, lastSeq } = await this.parts.entries.openConversation(this.tenant.tenantId, visitor.visitorId);
    const offlineForm = this.tenant.offlineForm === true && !(await this.parts.presence.agentsOnline(this.tenant.tenantId));
    if (this.state.kind !== 'greeting') return;
    this.state = { kind: 'ready', visitor, conversationId };
    // Joined before the replay: a reply stored meanwhile queues a catch-up after it, which skips what the replay sent.
    this.sent = new SentSeqs(frame.lastSeq);
    this.parts.hub.add(conversationId, this);
    this.send({ type: 'welcome', conversationId, visitorId: visitor.visitorId, verified: visitor.verified, lastSeq, ...(issued ? { visitorToken: issued } : {}), ...(offlineForm ? { offlineForm: true as const } : {}) });
    await this.replay(conversationId, frame.lastSeq);
  }

  private async replay(conversationId: string, after: number): Promise<void> {
    let from = after;
    for (;;) {
      const page = await this.parts.entries.entriesAfter(conversationId, from, REPLAY_PAGE);
      for (const entry of page) if (!this.sent.has(entry.seq)) this.send(chatEntryEvent(entry));
      const last = page.at(-1);
      if (!last || page.length < REPLAY_PAGE || this.state.kind === 'closed') return;
      from = last.seq;
    }
  }

  private async message(frame: Extract<ClientFrame, { type: 'msg' }>, visitor: Visitor, conversationId: string): Promise<void> {
    const text = frame.text.trim();
    const invalid = (message: string): void => this.send({ type: 'error', code: ChatErrorCode.MessageInvalid, message, clientMessageId: frame.clientMessageId });
    if (text.length === 0 && frame.attachments.length === 0) return invalid('text is empty');
    if (frame.contactEmail !== undefined && !this.tenant.offlineForm) return invalid('contactEmail is only taken by tenants with the offline form');
    if (text.length > this.limits.maxMessageLength) return invalid(`text over ${this.limits.maxMessageLength} characters`);
    const wait = this.parts.messageLimiter.take(`${this.tenant.tenantId}:${visitor.visitorId}`);
    if (wait > 0) {
      this.send({ type: 'error', code: ChatErrorCode.RateLimited, message: 'too many messages this minute', clientMessageId: frame.clientMessageId, retryAfterMs: wait });
      return;
    }
    const ids = frame.attachments.map((attachment) => attachment.attachmentId);
    // Only the visitor's own uploads are found: an id from another visitor is as unknown as a made-up one.
    const attachments = ids.length === 0 ? [] : await this.parts.uploads.find(this.tenant.tenantId, visitor.visitorId, ids);
    if (attachments.length !== ids.length) return invalid('unknown attachment: upload it first (POST /chat/uploads)');
    this.send(await this.parts.intake.receive({ tenant: this.tenant, visitor, conversationId, clientMessageId: frame.clientMessageId, text, attachments, ...(frame.contactEmail ? { contactEmail: frame.contactEmail.toLowerCase() } : {}) }));
  }

  private refuse(code: ChatCloseCode, reason: string): void {
    if (this.state.kind === 'closed') return;
    this.socket.close(code, reason.slice(0, 120));
    this.closed();
  }
}
