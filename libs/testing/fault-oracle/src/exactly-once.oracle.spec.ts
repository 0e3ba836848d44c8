import type { TicketEventV1Message } from '@tributary/contracts';
import { announcedEvent } from './announced-event';
import { judgeRun, type RunOutput } from './exactly-once.oracle';
import { inputNumber, numberedInputs } from './numbered-inputs';

const inputs = numberedInputs('oracle', 2, 2);
const stored = inputs.map((input) => ({ dedupeKey: input.value.dedupeKey, text: input.value.text ?? '' }));

/** A ticket's events announcing the given inputs, in that order. */
function events(ticketId: string, numbers: readonly number[]): TicketEventV1Message[] {
  return numbers.map(
    (n, index) =>
      ({
        eventId: `${ticketId}-${index + 1}`,
        ticketId,
        sequence: index + 1,
        type: index === 0 ? 'ticket.created' : 'ticket.message-added',
        message: { text: inputs[n]?.value.text ?? '' },
      }) as unknown as TicketEventV1Message,
  );
}

const clean: RunOutput = { stored, contactsWithTwoOpenTickets: 0, events: [...events('t0', [0, 2]), ...events('t1', [1, 3])] };

describe('the exactly-once oracle', () => {
  it('passes a run where every input is stored once and announced in order', () => {
    expect(judgeRun(inputs, clean)).toEqual({ lost: [], duplicated: [], contactsWithTwoOpenTickets: 0, conflictingEvents: [], sequenceGaps: [], outOfOrder: [] });
  });

  it('finds a lost and a doubled input', () => {
    const verdict = judgeRun(inputs, { ...clean, stored: [...stored.slice(1), stored[2] ?? stored[0]!] });
    expect(verdict.lost).toEqual([0]);
    expect(verdict.duplicated).toEqual([2]);
  });

  it('accepts a republished event, but not a gap, a clash or another customer order', () => {
    expect(judgeRun(inputs, { ...clean, events: [...clean.events, ...events('t0', [0])] }).conflictingEvents).toEqual([]);
    const gap = events('t0', [0, 2]).map((event) => (event.sequence === 2 ? { ...event, sequence: 3 } : event));
    expect(judgeRun(inputs, { ...clean, events: gap }).sequenceGaps).toHaveLength(1);
    const clash = [...events('t0', [0, 2]), { ...events('t0', [0])[0]!, eventId: 'other' }];
    expect(judgeRun(inputs, { ...clean, events: clash }).conflictingEvents).toHaveLength(1);
    expect(judgeRun(inputs, { ...clean, events: events('t0', [2, 0]) }).outOfOrder).toEqual(['customer 0: message 0 announced after message 1 (ticket t0, sequence 2)']);
  });

  it('judges events kept as the oracle reads them exactly as whole ones, a clash included', () => {
    const clash = [...events('t0', [0, 2]), ...events('t1', [1, 3]), { ...events('t0', [0])[0]!, message: { text: 'changed' } } as unknown as TicketEventV1Message];
    const whole = judgeRun(inputs, { ...clean, events: clash });
    expect(judgeRun(inputs, { ...clean, events: clash.map(announcedEvent) })).toEqual(whole);
    expect(whole.conflictingEvents).toEqual(['event t0-1 republished with other content']);
  });

  it('reads the input number of a mail body ending in a line break', () => {
    expect(inputNumber('input 12: customer 3, message 4\n')).toBe(12);
    expect(inputNumber('input 12: customer 3')).toBeUndefined();
  });
});
