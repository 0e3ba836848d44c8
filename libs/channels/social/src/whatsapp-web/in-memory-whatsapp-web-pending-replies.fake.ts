import type { InMemoryWhatsappWebSentMessages } from './in-memory-whatsapp-web-sent-messages.fake';
import type { WhatsappWebPendingRepliesPort, WhatsappWebPendingReply, WhatsappWebPendingReplyOutcome, WhatsappWebQueuedReply } from './whatsapp-web-pending-reply';

interface FakeRow {
  reply: WhatsappWebQueuedReply;
  locked: boolean;
  outcome?: 'sent' | 'failed';
}

/**
 * The pending-replies table in memory, shared by the "replicas" of one test: a taken reply is locked
 * until its handler settles and skipped by other takers meanwhile, as `FOR UPDATE SKIP LOCKED` does.
 */
export class InMemoryWhatsappWebPendingReplies implements WhatsappWebPendingRepliesPort {
  private readonly rows: FakeRow[] = [];

  /** `sentMessages`: where a sent reply's message is recorded, as the repository records it. */
  constructor(private readonly sentMessages: InMemoryWhatsappWebSentMessages) {}

  queue(reply: WhatsappWebPendingReply): Promise<void> {
    if (!this.rows.some((row) => row.reply.outboundId === reply.outboundId)) this.rows.push({ reply: { ...reply, attempts: 0 }, locked: false });
    return Promise.resolve();
  }

  async takeNext(
    number: string,
    handle: (reply: WhatsappWebQueuedReply) => Promise<WhatsappWebPendingReplyOutcome>,
  ): Promise<WhatsappWebPendingReplyOutcome | undefined> {
    const row = this.rows.find((candidate) => candidate.reply.number === number && candidate.outcome === undefined && !candidate.locked);
    if (row === undefined) return undefined;
    row.locked = true;
    try {
      const outcome = await handle(row.reply);
      if (outcome.kind === 'sent') await this.sentMessages.record(outcome.sent);
      if (outcome.kind === 'sent' || outcome.kind === 'failed') row.outcome = outcome.kind;
      if (outcome.kind === 'failed' || outcome.kind === 'attempt-failed') row.reply = { ...row.reply, attempts: row.reply.attempts + 1 };
      return outcome;
    } finally {
      row.locked = false;
    }
  }

  /** Replies stored and not yet sent or failed. */
  waiting(number?: string): WhatsappWebQueuedReply[] {
    return this.rows.filter((row) => row.outcome === undefined && (number === undefined || row.reply.number === number)).map((row) => row.reply);
  }

  outcomeOf(outboundId: string): 'sent' | 'failed' | undefined {
    return this.rows.find((row) => row.reply.outboundId === outboundId)?.outcome;
  }
}
