import { randomUUID } from 'node:crypto';
import type { InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';

/**
 * Inputs per customer (six customers): 10 in the default suite, more in the long run
 * (`./tributary faults` sets TRIBUTARY_FAULT_INPUTS_PER_CUSTOMER).
 */
export const FAULT_INPUTS_PER_CUSTOMER = Number(process.env['TRIBUTARY_FAULT_INPUTS_PER_CUSTOMER'] ?? '10');

/** One input of a fault run: its number, its customer, and the record that carries it. */
export interface NumberedInput {
  readonly n: number;
  readonly contact: number;
  /** Position among this customer's inputs, for the order check. */
  readonly seq: number;
  readonly key: string;
  readonly value: InboundMessageV1Input;
}

/**
 * Numbered SMS inputs from `contacts` customers, interleaved (as Kafka's own system tests number
 * theirs): the text says who sent it and in which order, so the output can be compared with it.
 */
export function numberedInputs(tenantId: string, contacts: number, perContact: number): NumberedInput[] {
  const base = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  const inputs: NumberedInput[] = [];
  for (let seq = 0; seq < perContact; seq += 1) {
    for (let contact = 0; contact < contacts; contact += 1) {
      const n = inputs.length;
      const phone = `+49151${base}${String(contact).padStart(2, '0')}`;
      const id = randomUUID();
      inputs.push({
        n,
        contact,
        seq,
        // The channels' record key: one customer, one partition.
        key: `${tenantId}:phone:${phone}`,
        value: {
          ...INBOUND_FIXTURES.sms,
          tenantId,
          messageId: id,
          providerMessageId: `SM${id.replace(/-/g, '')}`,
          dedupeKey: `fault:${tenantId}:${n}`,
          sender: { identities: [{ kind: 'phone', value: phone }] },
          text: `input ${n}: customer ${contact}, message ${seq}`,
        },
      });
    }
  }
  return inputs;
}

/** The input number a stored or announced text carries (a mail body may end in a line break). */
export function inputNumber(text: string): number | undefined {
  const match = /^input (\d+): customer \d+, message \d+$/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}
