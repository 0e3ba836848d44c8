import { demoCustomer } from './customer-demo';

describe('demoCustomer', () => {
  it("gives each run a customer of its own, so a second demo makes new tickets rather than joining the first one's", () => {
    const first = demoCustomer('7a962f');
    const second = demoCustomer('0c11d4');
    expect(first).toEqual({ name: 'Jane Doe', email: 'jane.doe+7a962f@example.org', phone: expect.stringMatching(/^\+4915112\d{6}$/) as unknown });
    expect(second.email).not.toBe(first.email);
    expect(second.phone).not.toBe(first.phone);
  });
});
