import { newTicketToken, subjectWithToken, tokenFromSubject } from './ticket-token';

describe('ticket tokens', () => {
  it('are found again in the subject of a customer reply, whatever the prefixes', () => {
    const token = newTicketToken();
    const outgoing = subjectWithToken('Parcel never arrived', token);
    expect(tokenFromSubject(`Re: AW: ${outgoing}`)).toBe(token);
  });

  it('read case-insensitively, since some clients lower-case subjects', () => {
    expect(tokenFromSubject('re: [#t-7k2m9qxd] parcel')).toBe('T-7K2M9QXD');
  });

  it('are not found in subjects without one', () => {
    expect(tokenFromSubject('Re: Parcel never arrived #T-12')).toBeNull();
    expect(tokenFromSubject(undefined)).toBeNull();
  });

  it('replace an older token instead of stacking them', () => {
    expect(subjectWithToken('Re: [#T-AAAAAAAA] Parcel', 'T-BBBBBBBB')).toBe('[#T-BBBBBBBB] Re: Parcel');
  });

  it('look like T- and eight unambiguous characters', () => {
    expect(newTicketToken()).toMatch(/^T-[0-9A-HJKMNP-TV-Z]{8}$/);
  });
});
