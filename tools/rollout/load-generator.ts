import { channelInput, inputText, ROLLOUT_CHANNELS, type ChannelInput, type InputTargets, type RolloutChannel } from './channel-input.factory';
import type { RolloutFixture } from './rollout-fixture';

/** One numbered input as the load generator sent it: who, on which channel, when, and every answer it got. */
export interface SentInput {
  readonly n: number;
  readonly channel: RolloutChannel;
  /** Customer number across all channels (the oracle's contact). */
  readonly contact: number;
  /** Position among this customer's inputs. */
  readonly seq: number;
  readonly dedupeKey: string;
  readonly text: string;
  /** When the steady schedule wanted it sent; later than this only when the customer fell behind. */
  readonly scheduledAt: number;
  readonly firstSentAt: number;
  /** Every attempt's answer, in order; the last is the acknowledgement once there is one. */
  readonly answers: string[];
  acknowledgedAt: number | undefined;
}

/** Customers on each channel. */
export type CustomersPerChannel = Readonly<Record<RolloutChannel, number>>;

const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 2_000;
/** An input still refused after this long is given up on, and reported as never acknowledged. */
const GIVE_UP_MS = 180_000;

/**
 * A steady stream of numbered inputs from a set of customers on each channel, each customer sending
 * its inputs one after another at its share of `rate` (the next only once the previous was
 * acknowledged, so each customer's order is well defined). The schedule never slips: a customer
 * held up sends its next inputs at once until it is back on time, and each input keeps the time it
 * was due (its latency counts the wait). A refused input is sent again, the same input, with a
 * growing pause, as Twilio, Meta or a sending mail server would.
 */
export class LoadGenerator {
  readonly inputs: SentInput[] = [];
  private stopping = false;
  private aborted = false;
  private running: Promise<void>[] = [];

  constructor(
    private readonly fixture: RolloutFixture,
    private readonly targets: InputTargets,
    private readonly rate: number,
    private readonly customers: CustomersPerChannel,
  ) {}

  start(): void {
    const customers = ROLLOUT_CHANNELS.flatMap((channel) => Array.from({ length: this.customers[channel] }, (_, customer) => ({ channel, customer })));
    const intervalMs = (customers.length * 1000) / this.rate;
    const startedAt = Date.now();
    this.running = customers.map(({ channel, customer }, contact) => this.customerLoop(channel, customer, contact, startedAt + (intervalMs * contact) / customers.length, intervalMs));
  }

  /** Stops sending new inputs and waits until every input sent is acknowledged (or given up on). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  /** Stops at once, without waiting for refused inputs to get through (a run that failed). */
  abort(): void {
    this.stopping = true;
    this.aborted = true;
  }

  private async customerLoop(channel: RolloutChannel, customer: number, contact: number, firstAt: number, intervalMs: number): Promise<void> {
    for (let seq = 0; ; seq += 1) {
      const scheduledAt = firstAt + seq * intervalMs;
      await sleep(scheduledAt - Date.now());
      if (this.stopping) return;
      const n = this.inputs.length;
      const text = inputText(n, contact, seq);
      const input = channelInput(channel, text, customer, this.fixture, this.targets);
      const sent: SentInput = { n, channel, contact, seq, dedupeKey: input.dedupeKey, text, scheduledAt, firstSentAt: Date.now(), answers: [], acknowledgedAt: undefined };
      this.inputs.push(sent);
      await this.deliver(input, sent);
    }
  }

  private async deliver(input: ChannelInput, sent: SentInput): Promise<void> {
    let pauseMs = FIRST_RETRY_MS;
    while (!this.aborted && Date.now() - sent.firstSentAt < GIVE_UP_MS) {
      const delivery = await input.send();
      sent.answers.push(delivery.answer);
      if (delivery.acknowledged) {
        sent.acknowledgedAt = Date.now();
        return;
      }
      await sleep(pauseMs);
      pauseMs = Math.min(pauseMs * 2, MAX_RETRY_MS);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
