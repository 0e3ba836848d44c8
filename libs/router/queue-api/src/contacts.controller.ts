import { Body, Controller, Get, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { ContactDetail } from './contact-views';
import { ContactsService, type ContactMergeResult, type UnmergeResult } from './contacts.service';
import { QueueApiErrorFilter } from './queue-api-error.filter';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { UuidParam, parseContactMergeBody, parseUnmergeBody } from './queue-requests.schema';
import { TenantApiKeyGuard, type AuthenticatedRequest } from './tenant-api-key.guard';

function idParam(value: string, code: QueueApiErrorCode, what: string): string {
  if (!UuidParam.safeParse(value).success) throw new QueueApiError(code, `no ${what} ${value.slice(0, 64)}`);
  return value;
}

/** Contacts and their merges, scoped to the tenant of the API key like every route. */
@Controller('v1')
@UseGuards(TenantApiKeyGuard)
@UseFilters(QueueApiErrorFilter)
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('contacts/:contactId')
  get(@Req() request: AuthenticatedRequest, @Param('contactId') contactId: string): Promise<ContactDetail> {
    return this.contacts.get(request.tenantId, idParam(contactId, QueueApiErrorCode.ContactNotFound, 'contact'));
  }

  @Post('contacts/:contactId/merge')
  @HttpCode(200)
  merge(@Req() request: AuthenticatedRequest, @Param('contactId') contactId: string, @Body() body: unknown): Promise<ContactMergeResult> {
    return this.contacts.merge(request.tenantId, idParam(contactId, QueueApiErrorCode.ContactNotFound, 'contact'), parseContactMergeBody(body));
  }

  @Post('contact-merges/:mergeId/unmerge')
  @HttpCode(200)
  unmerge(@Req() request: AuthenticatedRequest, @Param('mergeId') mergeId: string, @Body() body: unknown): Promise<UnmergeResult> {
    return this.contacts.unmerge(request.tenantId, idParam(mergeId, QueueApiErrorCode.MergeNotFound, 'contact merge'), parseUnmergeBody(body));
  }
}
