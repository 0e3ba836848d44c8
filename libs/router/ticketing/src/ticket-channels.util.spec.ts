import { channelFirsts } from './ticket-channels.util';

describe('channelFirsts', () => {
  it('orders the channels by their first message, as PostgreSQL wrote the times', () => {
    const firsts = channelFirsts({ whatsapp: '2026-12-08T10:00:00.5+00:00', email: '2026-12-08T11:00:00+01:00', sms: '2026-12-08T09:59:59.999+00:00' });
    expect(firsts.map((first) => first.channel)).toEqual(['sms', 'email', 'whatsapp']);
    expect(firsts[1]?.at.toISOString()).toBe('2026-12-08T10:00:00.000Z');
  });

  it('puts channels first used at the same instant in name order', () => {
    expect(channelFirsts({ sms: '2026-12-08T10:00:00Z', chat: '2026-12-08T10:00:00Z' }).map((first) => first.channel)).toEqual(['chat', 'sms']);
  });
});
