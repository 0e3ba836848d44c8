import { largestTicketEventGap } from './ticket-gap.util';

describe('largestTicketEventGap', () => {
  it('finds the longest stretch between consecutive events inside the window, whatever order they were read in', () => {
    expect(largestTicketEventGap([1_000, 1_200, 4_200, 1_100, 4_300], 1_000, 5_000)).toEqual({ ms: 3_000, from: 1_200, to: 4_200 });
  });

  it('counts a gap that straddles either edge of the window and ignores gaps wholly outside it', () => {
    expect(largestTicketEventGap([0, 9_000, 9_100, 9_500, 20_000], 9_050, 9_600)).toEqual({ ms: 10_500, from: 9_500, to: 20_000 });
    expect(largestTicketEventGap([0, 9_000, 9_100, 9_200], 9_050, 9_300)).toEqual({ ms: 100, from: 9_000, to: 9_100 });
  });

  it('has no gap without two events', () => {
    expect(largestTicketEventGap([5], 0, 10)).toBeUndefined();
  });
});
