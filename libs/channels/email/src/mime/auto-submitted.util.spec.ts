import type { HeaderValue } from 'mailparser';
import { classifyAutoSubmitted } from './auto-submitted.util';

const headers = (entries: Record<string, HeaderValue>) => new Map(Object.entries(entries));

describe('classifyAutoSubmitted', () => {
  it('names a delivery report a bounce even when it also carries list headers', () => {
    const report = headers({ 'content-type': { value: 'multipart/report', params: { 'report-type': 'delivery-status' } }, 'list-id': 'x' });
    expect(classifyAutoSubmitted(report, 'mailer-daemon@x.example', 'Undelivered')).toEqual({ flagged: true, reason: 'bounce' });
  });

  it('tells an out-of-office from another auto-reply by its subject', () => {
    expect(classifyAutoSubmitted(headers({ 'auto-submitted': 'auto-replied' }), 'a@x.example', 'Abwesenheit: Re: Rechnung')).toEqual({ flagged: true, reason: 'out-of-office' });
    expect(classifyAutoSubmitted(headers({ 'auto-submitted': 'auto-replied' }), 'a@x.example', 'Re: invoice')).toEqual({ flagged: true, reason: 'auto-reply' });
  });

  it('reads Precedence and X-Autoreply values, not just their presence', () => {
    expect(classifyAutoSubmitted(headers({ precedence: 'junk' }), 'a@x.example', 'Hi')).toEqual({ flagged: true, reason: 'bulk' });
    expect(classifyAutoSubmitted(headers({ 'x-autoreply': 'no' }), 'a@x.example', 'Hi')).toEqual({ flagged: false });
  });

  it('leaves mail from a person unflagged, even from a postmaster address with an ordinary subject', () => {
    expect(classifyAutoSubmitted(headers({}), 'postmaster@x.example', 'Question about my order')).toEqual({ flagged: false });
  });
});
