import { rm } from 'node:fs/promises';
import { join } from 'node:path';
// A stack of the run's own, started as the fault suite starts its own (hiding a shared DATABASE_URL).
import { startFaultStack } from '@tributary/fault-oracle';
import { repoRoot, stopStack } from '@tributary/local-stack';
import type { RolloutChannel } from './channel-input.factory';
import { LoadGenerator, type SentInput } from './load-generator';
import { RolloutDeployment, type ReplicaRestart } from './rollout-deployment';
import { SmtpSender } from './smtp-sender';
import { TwilioWebhookPoster } from './twilio-webhook.poster';
import { REPLICAS, ROLLOUT_APPS, rolloutFixture } from './rollout-fixture';
import type { RolloutOptions } from './rollout-options';
import { judgeRollout, type RolloutVerdict } from './rollout-verdict';
import { largestTicketEventGap, type TicketEventGap } from './ticket-gap.util';
import { TicketStreamReader } from './ticket-stream.reader';

/** Everything a rollout run measured, for the report. */
export interface RolloutResult {
  readonly options: RolloutOptions;
  readonly tenantId: string;
  readonly loadStartedAt: number;
  readonly loadStoppedAt: number;
  readonly rolloutStartedAt: number;
  readonly rolloutEndedAt: number;
  readonly restarts: readonly ReplicaRestart[];
  readonly inputs: readonly SentInput[];
  readonly ticketEvents: number;
  readonly tickets: number;
  /** Largest gap between ticket events overlapping the rollout, and the largest during the warm-up before it. */
  readonly gapDuringRollout: TicketEventGap | undefined;
  readonly gapBeforeRollout: TicketEventGap | undefined;
  readonly proxyAnswers: ReturnType<RolloutDeployment['forwardedStatuses']>;
  readonly verdict: RolloutVerdict;
  /** Databases kept for a look because the verdict was not clean. */
  readonly keptDatabases: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * One rolling restart under load: the stack, the deployment and the load generator started; after
 * the warm-up every replica of every app restarted in turn (`passes` times); the load kept up for
 * the tail and the duration; then the oracle's verdict over what the ticket stream and the router
 * kept. The stack is stopped at the end unless `keepStack`.
 */
export async function runRollingRestart(options: RolloutOptions, log: (line: string) => void): Promise<RolloutResult> {
  const stack = await startFaultStack(options.stack, ['kafka', 'postgres', 'mail']);
  const env = stack.env;
  const fixture = rolloutFixture(join(repoRoot(), '.local', 'rollout'));
  const deployment = new RolloutDeployment(
    fixture,
    {
      brokers: env['KAFKA_BROKERS'] ?? '',
      databaseUrl: env['DATABASE_URL'] ?? '',
      mail: { host: env['MAIL_HOST'] ?? '127.0.0.1', smtpPort: Number(env['MAIL_SMTP_PORT']), imapPort: Number(env['MAIL_IMAP_PORT']) },
    },
    log,
  );
  const reader = new TicketStreamReader(env['KAFKA_BROKERS'] ?? '', fixture.tenantId);
  let measured: Omit<RolloutResult, 'keptDatabases'> | undefined;
  let load: LoadGenerator | undefined;
  let smtp: SmtpSender | undefined;
  let twilio: TwilioWebhookPoster | undefined;
  let keptDatabases: string[] = [];
  try {
    log(`stack ${options.stack} up; tenant ${fixture.tenantId}; starting ${REPLICAS} replicas of ${ROLLOUT_APPS.join(', ')}`);
    await deployment.start();
    await reader.start();
    smtp = new SmtpSender(deployment.smtpTargets(), options.customersPerChannel);
    const customers = { sms: options.customersPerChannel, whatsapp: options.customersPerChannel, email: options.customersPerChannel };
    const voiceUrl = deployment.publicUrl('voice-ingest');
    twilio = new TwilioWebhookPoster(fixture.twilio.authToken, voiceUrl, [voiceUrl], options.customersPerChannel);
    load = new LoadGenerator(fixture, { twilio, socialUrl: deployment.publicUrl('social-ingest'), smtp }, options.rate, customers);
    const loadStartedAt = Date.now();
    load.start();
    log(`load: ${options.rate} inputs/s; rollout in ${options.warmupSeconds} s`);
    await sleep(options.warmupSeconds * 1000);

    const rolloutStartedAt = Date.now();
    const restarts: ReplicaRestart[] = [];
    for (let pass = 0; pass < options.passes; pass += 1) {
      for (const app of ROLLOUT_APPS) {
        await deployment.migrate(app);
        for (let replica = 0; replica < REPLICAS; replica += 1) restarts.push(await deployment.restart(app, replica));
      }
    }
    const rolloutEndedAt = Date.now();
    await sleep(Math.max(loadStartedAt + options.durationSeconds * 1000, rolloutEndedAt + options.tailSeconds * 1000) - Date.now());
    await load.stop();
    const loadStoppedAt = Date.now();
    log(`load stopped after ${load.inputs.length} inputs; waiting for the router to store and announce them`);

    const verdict = await judgeRollout(deployment.databaseUrl('router'), fixture.tenantId, load.inputs, reader.events, log);
    const publishedAt = reader.events.map((timed) => timed.publishedAt);
    measured = {
      options,
      tenantId: fixture.tenantId,
      loadStartedAt,
      loadStoppedAt,
      rolloutStartedAt,
      rolloutEndedAt,
      restarts,
      inputs: load.inputs,
      ticketEvents: new Set(reader.events.map((timed) => timed.event.eventId)).size,
      tickets: new Set(reader.events.map((timed) => timed.event.ticketId)).size,
      gapDuringRollout: largestTicketEventGap(publishedAt, rolloutStartedAt, rolloutEndedAt),
      gapBeforeRollout: largestTicketEventGap(publishedAt.filter((at) => at < rolloutStartedAt), loadStartedAt, rolloutStartedAt),
      proxyAnswers: deployment.forwardedStatuses(),
      verdict,
    };
  } finally {
    load?.abort();
    smtp?.close();
    twilio?.close();
    await reader.stop().catch(() => undefined);
    // Databases of a run that was not clean (or failed) stay, for a look at what was stored.
    keptDatabases = await deployment.stop(measured?.verdict.clean !== true).catch(() => []);
    // Spools and blobs of a clean run are of no further use.
    if (measured?.verdict.clean === true) await rm(fixture.directory, { recursive: true, force: true });
    if (!options.keepStack) await stopStack({ name: options.stack });
  }
  return { ...measured, keptDatabases };
}

/** Inputs per channel. */
export function inputsByChannel(inputs: readonly SentInput[]): Record<RolloutChannel, number> {
  const counts: Record<RolloutChannel, number> = { sms: 0, whatsapp: 0, email: 0 };
  for (const input of inputs) counts[input.channel] += 1;
  return counts;
}
