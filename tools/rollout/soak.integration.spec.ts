import { ciStackName } from './ci-stack.util';
import { runSoak } from './soak';
import { DEFAULT_SOAK_OPTIONS } from './soak-options';
import { formatSoakReport } from './soak-report';

/**
 * The soak, short: 20 inputs a second for 42 s, half signed Twilio SMS webhooks, half mail pushed
 * over SMTP to email-ingest, with one replica of each app; 8 s in the Kafka broker is SIGKILLed
 * and started again 2 s later, 20 s in the router is SIGKILLed and started again 1 s later. The
 * exactly-once oracle must find nothing; no timing is asserted (the full soak, `./tributary soak`,
 * reports latency, rate and memory).
 */
describe('a soak with the broker and the router SIGKILLed under load', () => {
  it('stores every acknowledged input once, announces it once, one open ticket per contact, ticket events whole and in order', async () => {
    const result = await runSoak(
      {
        ...DEFAULT_SOAK_OPTIONS,
        minutes: 0.7,
        rate: 20,
        customers: 20,
        brokerKillAt: 8,
        brokerDownSeconds: 2,
        routerKillAt: 20,
        routerDownSeconds: 1,
        replicas: 1,
        sampleSeconds: 2,
        stack: ciStackName('soak'),
        keepStack: false,
      },
      (line) => process.stderr.write(`[soak] ${line}\n`),
    );
    process.stderr.write(formatSoakReport(result));

    expect(result.faults.map((fault) => `${fault.victim}: ${fault.exit}`)).toEqual(['Kafka broker: signal SIGKILL', 'router replica 1: signal SIGKILL']);
    expect(new Set(result.inputs.map((input) => input.channel))).toEqual(new Set(['sms', 'email']));
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
