import type { ContactMergeRow } from '@tributary/router-ticketing';
import type { ContactRow, ContactTicketRow } from './contacts.repository';

export interface ContactMergeView {
  readonly mergeId: string;
  readonly sourceContactId: string;
  readonly targetContactId: string;
  readonly reason: string;
  readonly actor: string;
  readonly mergedAt: string;
  readonly movedIdentityIds: readonly string[];
  readonly movedTicketIds: readonly string[];
  readonly closedTicketId: string | null;
  readonly survivingTicketId: string | null;
  readonly revertedAt: string | null;
  readonly revertedBy: string | null;
}

export interface ContactDetail {
  readonly contactId: string;
  readonly displayName: string | null;
  /** Set while the contact is merged into another; its identities and tickets live there. */
  readonly mergedIntoContactId: string | null;
  readonly createdAt: string;
  readonly identities: readonly { identityId: string; kind: string; value: string; verified: boolean }[];
  readonly tickets: readonly { ticketId: string; token: string; status: string; originChannel: string; subject: string | null; mergedIntoTicketId: string | null; updatedAt: string }[];
  readonly merges: readonly ContactMergeView[];
}

export function toContactMergeView(row: ContactMergeRow): ContactMergeView {
  return {
    mergeId: row.id,
    sourceContactId: row.source_contact_id,
    targetContactId: row.target_contact_id,
    reason: row.reason,
    actor: row.actor,
    mergedAt: row.merged_at.toISOString(),
    movedIdentityIds: row.moved_identity_ids,
    movedTicketIds: row.moved_ticket_ids,
    closedTicketId: row.closed_ticket_id,
    survivingTicketId: row.surviving_ticket_id,
    revertedAt: row.reverted_at?.toISOString() ?? null,
    revertedBy: row.reverted_by,
  };
}

export function toContactDetail(
  contact: ContactRow,
  identities: readonly { id: string; kind: string; value: string; verified: boolean }[],
  tickets: readonly ContactTicketRow[],
  merges: readonly ContactMergeRow[],
): ContactDetail {
  return {
    contactId: contact.id,
    displayName: contact.display_name,
    mergedIntoContactId: contact.merged_into_id,
    createdAt: contact.created_at.toISOString(),
    identities: identities.map((identity) => ({ identityId: identity.id, kind: identity.kind, value: identity.value, verified: identity.verified })),
    tickets: tickets.map((ticket) => ({
      ticketId: ticket.id,
      token: ticket.token,
      status: ticket.status,
      originChannel: ticket.origin_channel,
      subject: ticket.subject,
      mergedIntoTicketId: ticket.merged_into_id,
      updatedAt: ticket.updated_at.toISOString(),
    })),
    merges: merges.map(toContactMergeView),
  };
}
