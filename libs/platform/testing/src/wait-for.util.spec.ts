import { waitFor } from './wait-for.util';

describe('waitFor', () => {
  it('resolves once the probe holds', async () => {
    let calls = 0;
    await waitFor('third call', () => ++calls >= 3, 1_000, 1);
    expect(calls).toBe(3);
  });

  it('fails with what it waited for', async () => {
    await expect(waitFor('the impossible', () => false, 30, 5)).rejects.toThrow('timed out after 30 ms waiting for the impossible');
  });
});
