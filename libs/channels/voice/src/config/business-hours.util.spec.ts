import { PhoneLineSchema } from './phone-line.schema';
import { isWithinBusinessHours } from './business-hours.util';

const line = PhoneLineSchema.parse({
  tenantId: 'acme',
  businessHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' },
});

describe('business hours', () => {
  it('reads the clock in the line time zone', () => {
    // Wednesday 2026-11-25: 08:30 UTC is 09:30 in Berlin (open); 16:30 UTC is 17:30 (closed).
    expect(isWithinBusinessHours(line, new Date('2026-11-25T08:30:00Z'))).toBe(true);
    expect(isWithinBusinessHours(line, new Date('2026-11-25T16:30:00Z'))).toBe(false);
  });

  it('is closed on days not listed and always open without hours', () => {
    expect(isWithinBusinessHours(line, new Date('2026-11-28T10:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(PhoneLineSchema.parse({ tenantId: 'acme' }), new Date('2026-11-28T03:00:00Z'))).toBe(true);
  });
});
