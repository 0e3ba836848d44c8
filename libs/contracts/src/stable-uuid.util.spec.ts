import { z } from 'zod';
import { stableUuid } from './stable-uuid.util';

describe('stableUuid', () => {
  it('is a valid UUID, the same for the same names and different for others', () => {
    const id = stableUuid('outbound-1', 'sent');
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(stableUuid('outbound-1', 'sent')).toBe(id);
    expect(stableUuid('outbound-1', 'failed')).not.toBe(id);
  });
});
