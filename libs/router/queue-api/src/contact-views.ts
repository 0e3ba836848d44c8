import type { ContactMergeRow } from '@tributary/router-ticketing';
import type { ContactIdentityRow, ContactRow, ContactTicketRow } from './contacts.repository';
import type { ContactDetailResponse, ResponseOf } from './queue-responses.schema';

export type ContactDetail = ResponseOf<typeof ContactDetailResponse>;
type ContactMergeView = ContactDetail['merges'][number];

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

/** An identity as both the contact and the ticket show it, with its reachability. */
export function toIdentityView(identity: ContactIdentityRow): Omit<ContactDetail['identities'][number], 'identityId'> {
  const unreachable = identity.unreachable_since && { since: identity.unreachable_since.toISOString(), reason: identity.unreachable_reason ?? '' };
  return { kind: identity.kind, value: identity.value, verified: identity.verified, unreachable: unreachable || null };
}

export function toContactDetail(
  contact: ContactRow,
  identities: readonly ContactIdentityRow[],
  tickets: readonly ContactTicketRow[],
  merges: readonly ContactMergeRow[],
): ContactDetail {
  return {
    contactId: contact.id,
    displayName: contact.display_name,
    mergedIntoContactId: contact.merged_into_id,
    createdAt: contact.created_at.toISOString(),
    identities: identities.map((identity) => ({ identityId: identity.id, ...toIdentityView(identity) })),
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
