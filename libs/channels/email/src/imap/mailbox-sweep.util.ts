import type { ImapFlow } from 'imapflow';
import type { EmailIntake, ReceivedEmail } from '../intake/email-intake.service';
import type { MailboxCheckpointRepository } from '../persistence/mailbox-checkpoint.repository';
import type { ImapMailboxConfig } from './imap-mailbox-config';
import type { ImapMetrics } from './imap-metrics';

export interface SweepDependencies {
  readonly intake: EmailIntake;
  readonly checkpoints: Pick<MailboxCheckpointRepository, 'load' | 'save'>;
  readonly metrics: ImapMetrics;
  readonly now: () => Date;
  readonly onUidValidityChange: (previous: bigint, current: bigint) => void;
}

/**
 * Hands every mail above the checkpoint to Kafka, batch by batch, in UID order. BODY.PEEK keeps
 * \Seen untouched; the checkpoint moves only after Kafka acknowledged a batch, so a crash in
 * between re-reads the batch and the router's dedupe drops the repeats.
 */
export async function sweepMailbox(client: ImapFlow, mailbox: ImapMailboxConfig, batchSize: number, deps: SweepDependencies): Promise<number> {
  if (!client.mailbox) throw new Error(`mailbox ${mailbox.folder} is not open`);
  const uidValidity = BigInt(client.mailbox.uidValidity);
  const checkpoint = await deps.checkpoints.load(mailbox.key);
  let lastUid = 0;
  if (checkpoint && checkpoint.uidValidity === uidValidity) lastUid = checkpoint.lastUid;
  else if (checkpoint) deps.onUidValidityChange(checkpoint.uidValidity, uidValidity);

  const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
  const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
  deps.metrics.pending.set({ mailbox: mailbox.key }, uids.length);
  deps.metrics.lagOf(mailbox.key).found(uids.length);
  for (let start = 0; start < uids.length; start += batchSize) {
    const batch = uids.slice(start, start + batchSize);
    const fetched = await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true });
    const emails: ReceivedEmail[] = fetched.flatMap((message) =>
      message.source
        ? [
            {
              raw: message.source,
              tenantId: mailbox.tenantId,
              inbox: mailbox.inbox,
              provider: 'imap' as const,
              receivedAt: deps.now(),
              source: `imap:${mailbox.key}#${message.uid}`,
              extras: { imapMailbox: mailbox.key, imapUid: message.uid },
            },
          ]
        : [],
    );
    const outcome = await deps.intake.receive(emails);
    lastUid = batch.at(-1) ?? lastUid;
    await deps.checkpoints.save(mailbox.key, { uidValidity, lastUid });
    if (mailbox.processedFolder) await client.messageMove(batch.join(','), mailbox.processedFolder, { uid: true });
    deps.metrics.handedOff.inc({ mailbox: mailbox.key, outcome: 'published' }, outcome.published);
    deps.metrics.handedOff.inc({ mailbox: mailbox.key, outcome: 'quarantined' }, outcome.quarantined);
    deps.metrics.pending.set({ mailbox: mailbox.key }, uids.length - start - batch.length);
  }
  deps.metrics.lastSuccess.set({ mailbox: mailbox.key }, deps.now().getTime() / 1000);
  return uids.length;
}
