import type { Headers } from 'mailparser';
import { headerText, structuredHeader } from './mail-headers.util';

export type AutoSubmittedReason = 'auto-reply' | 'out-of-office' | 'bounce' | 'list' | 'bulk' | 'other';
export interface AutoSubmitted {
  readonly flagged: boolean;
  readonly reason?: AutoSubmittedReason;
}

const OUT_OF_OFFICE_SUBJECT = /\b(out of (the )?office|abwesenheit|absence|automatic reply|autoreply|auto-reply|r[ée]ponse automatique|vacation)\b/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;
const BOUNCE_SUBJECT = /\b(undeliver(able|ed)|delivery status notification|returned mail|mail delivery failed|failure notice)\b/i;

/**
 * Recognizes machine-sent mail so nobody answers it automatically (RFC 3834 Auto-Submitted,
 * RFC 3464 delivery reports, Precedence, List-* and the headers Exchange and others use).
 * Order matters: a bounce or out-of-office is named as such even when it also carries list headers.
 */
export function classifyAutoSubmitted(headers: Headers, fromAddress: string | undefined, subject: string | undefined): AutoSubmitted {
  const contentType = structuredHeader(headers, 'content-type');
  const isReport = contentType?.value.toLowerCase() === 'multipart/report';
  const reportType = contentType?.params['report-type']?.toLowerCase();
  if (isReport && reportType === 'delivery-status') return flagged('bounce');
  if (fromAddress !== undefined && BOUNCE_SENDER.test(fromAddress) && BOUNCE_SUBJECT.test(subject ?? '')) return flagged('bounce');

  const autoSubmitted = lower(headerText(headers, 'auto-submitted'));
  const looksAway = OUT_OF_OFFICE_SUBJECT.test(subject ?? '') || headerText(headers, 'x-autoreply') !== undefined;
  if (autoSubmitted === 'auto-replied') return flagged(looksAway ? 'out-of-office' : 'auto-reply');
  if (isTruthy(headerText(headers, 'x-autoreply')) || headerText(headers, 'x-autorespond') !== undefined) {
    return flagged(OUT_OF_OFFICE_SUBJECT.test(subject ?? '') ? 'out-of-office' : 'auto-reply');
  }
  const suppress = lower(headerText(headers, 'x-auto-response-suppress'));
  if (suppress !== undefined && /\b(all|oof|autoreply)\b/.test(suppress)) return flagged(looksAway ? 'out-of-office' : 'auto-reply');
  if (isReport) return flagged('other');

  const precedence = lower(headerText(headers, 'precedence'));
  if (precedence === 'list') return flagged('list');
  if (headers.has('list') || headers.has('list-id') || headers.has('list-unsubscribe')) return flagged('list');
  if (precedence === 'bulk' || precedence === 'junk') return flagged('bulk');
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return flagged('other');
  return { flagged: false };
}

function flagged(reason: AutoSubmittedReason): AutoSubmitted {
  return { flagged: true, reason };
}

function lower(value: string | undefined): string | undefined {
  const trimmed = value?.trim().toLowerCase().split(';')[0]?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && !/^(no|false|0)$/i.test(value.trim());
}
