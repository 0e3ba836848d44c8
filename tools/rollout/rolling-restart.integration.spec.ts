import { ciStackName } from './ci-stack.util';
import { DEFAULT_ROLLOUT_OPTIONS } from './rollout-options';
import { formatRolloutReport } from './rollout-report';
import { REPLICAS, ROLLOUT_APPS } from './rollout-fixture';
import { runRollingRestart } from './rolling-restart';

/**
 * The rolling restart under load, short: a few inputs a second on each channel (signed Twilio SMS
 * and WhatsApp Cloud webhooks through round-robin proxies, mail over SMTP into polled mailboxes)
 * while every replica of the router and the three ingest apps is restarted once, one at a time.
 * The exactly-once oracle must find nothing; no timing is asserted (the long run,
 * `node tools/run.js tools/rollout/rolling-restart.cli.ts`, reports those).
 */
describe('a rolling restart of every app under load', () => {
  it('hands every acknowledged input to the ticket stream exactly once, one open ticket per contact, ticket events whole and in order', async () => {
    const result = await runRollingRestart(
      { ...DEFAULT_ROLLOUT_OPTIONS, rate: 3, durationSeconds: 1, warmupSeconds: 3, tailSeconds: 2, customersPerChannel: 2, passes: 1, stack: ciStackName('rollout'), keepStack: false },
      (line) => process.stderr.write(`[rollout] ${line}\n`),
    );
    process.stderr.write(formatRolloutReport(result));

    expect(result.restarts.map((restart) => `${restart.app} ${restart.replica + 1}: ${restart.exit}`)).toEqual(
      ROLLOUT_APPS.flatMap((app) => Array.from({ length: REPLICAS }, (_, replica) => `${app} ${replica + 1}: exit 0`)),
    );
    expect(new Set(result.inputs.map((input) => input.channel))).toEqual(new Set(['sms', 'whatsapp', 'email']));
    const { lost, duplicated, neverAcknowledged, unannounced, contactsWithTwoOpenTickets, conflictingEvents, sequenceGaps, outOfOrder } = result.verdict;
    expect({ lost, duplicated, neverAcknowledged, unannounced, contactsWithTwoOpenTickets, conflictingEvents, sequenceGaps, outOfOrder }).toEqual({
      lost: [],
      duplicated: [],
      neverAcknowledged: [],
      unannounced: [],
      contactsWithTwoOpenTickets: 0,
      conflictingEvents: [],
      sequenceGaps: [],
      outOfOrder: [],
    });
  });
});
