import { Injectable } from '@nestjs/common';
import { DatabaseRuntime } from '@tributary/platform-database';
import { lockContactIdentities, mergeContacts, transactionExecutor, unmergeContacts } from '@tributary/router-ticketing';
import { contactIdentityRows, contactMerges, contactTickets, findContact } from './contacts.repository';
import { toContactDetail, type ContactDetail } from './contact-views';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import type { ContactMergeResponse, ContactUnmergeResponse, ResponseOf } from './queue-responses.schema';
import { retryRolledBack } from './rolled-back-retry.util';

export type UnmergeResult = ResponseOf<typeof ContactUnmergeResponse>;
export type ContactMergeResult = ResponseOf<typeof ContactMergeResponse>;

/** A merge or unmerge rolled back by PostgreSQL to break a deadlock is tried again this often. */
const MERGE_ATTEMPTS = 3;

/** Contacts of one tenant: read one, merge one into another, undo a merge. */
@Injectable()
export class ContactsService {
  constructor(private readonly database: DatabaseRuntime) {}

  /**
   * A merge locks identities a router may be locking too, and an identity that appears while it
   * reads is locked outside the sorted order (lockContactIdentities), so PostgreSQL may break a
   * deadlock by rolling the merge back.
   */
  private inTransaction<T>(work: (sql: ReturnType<typeof transactionExecutor>) => Promise<T>): Promise<T> {
    return retryRolledBack(() => this.database.dataSource.transaction((manager) => work(transactionExecutor(manager))), MERGE_ATTEMPTS);
  }

  async get(tenantId: string, contactId: string): Promise<ContactDetail> {
    return this.database.dataSource.transaction(async (manager) => {
      const sql = transactionExecutor(manager);
      const contact = await findContact(sql, tenantId, contactId);
      if (!contact) throw new QueueApiError(QueueApiErrorCode.ContactNotFound, `no contact ${contactId}`);
      return toContactDetail(contact, await contactIdentityRows(sql, contact.id), await contactTickets(sql, contact.id), await contactMerges(sql, contact.id));
    });
  }

  /** Merges `contactId` into `request.intoContactId`; both must be the tenant's and stand alone. */
  async merge(tenantId: string, contactId: string, request: { intoContactId: string; mergedBy: string }): Promise<ContactMergeResult> {
    if (contactId === request.intoContactId) throw new QueueApiError(QueueApiErrorCode.InvalidRequest, 'a contact cannot be merged into itself');
    return this.inTransaction(async (sql) => {
      // The identities' advisory locks first, as the inbound path takes them, so no router places a
      // message for either contact mid-merge; then both rows in id order, so opposite merges can't deadlock.
      await lockContactIdentities(sql, tenantId, [contactId, request.intoContactId]);
      const ids = [contactId, request.intoContactId].sort();
      const locked = [await findContact(sql, tenantId, ids[0] ?? '', true), await findContact(sql, tenantId, ids[1] ?? '', true)];
      const source = locked.find((contact) => contact?.id === contactId);
      const target = locked.find((contact) => contact?.id === request.intoContactId);
      if (!source) throw new QueueApiError(QueueApiErrorCode.ContactNotFound, `no contact ${contactId}`);
      if (!target) throw new QueueApiError(QueueApiErrorCode.ContactNotFound, `no contact ${request.intoContactId}`);
      if (source.merged_into_id || target.merged_into_id) {
        throw new QueueApiError(QueueApiErrorCode.Conflict, 'one of the contacts is already merged into another; merge into that one');
      }
      const outcome = await mergeContacts(sql, { tenantId, sourceId: source.id, targetId: target.id, reason: 'manual', actor: request.mergedBy });
      return { ...outcome, contactId: target.id };
    });
  }

  async unmerge(tenantId: string, mergeId: string, request: { unmergedBy: string }): Promise<UnmergeResult> {
    return this.inTransaction(async (sql) => {
      const outcome = await unmergeContacts(sql, { tenantId, mergeId, actor: request.unmergedBy });
      if (outcome.kind === 'not-found') throw new QueueApiError(QueueApiErrorCode.MergeNotFound, `no contact merge ${mergeId}`);
      if (outcome.kind === 'later-merge-first') {
        throw new QueueApiError(QueueApiErrorCode.Conflict, `contact merge ${mergeId} is undone after the later merge ${outcome.laterMergeId}: unmerge that one first`);
      }
      if (outcome.kind === 'already-reverted') {
        throw new QueueApiError(QueueApiErrorCode.Conflict, `contact merge ${mergeId} was already reverted at ${outcome.revertedAt.toISOString()}`);
      }
      return {
        mergeId,
        sourceContactId: outcome.sourceContactId,
        targetContactId: outcome.targetContactId,
        restoredIdentityIds: outcome.restoredIdentityIds,
        handedBackTicketIds: outcome.handedBackTicketIds,
        reopenedTicketId: outcome.reopenedTicketId,
      };
    });
  }
}
