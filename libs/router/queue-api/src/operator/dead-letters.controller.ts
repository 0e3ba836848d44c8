import { Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { QueueApiErrorFilter } from '../queue-api-error.filter';
import type { ResponseOf } from '../queue-responses.schema';
import { DeadLetterErrorFilter } from './dead-letter-error.filter';
import { parseDeadLetterListQuery } from './dead-letter-requests.schema';
import type { DeadLetterDetailResponse, DeadLetterListResponse, RedriveResponse } from './dead-letter-responses.schema';
import { DeadLettersService } from './dead-letters.service';
import { OperatorKeyGuard, type OperatorRequest } from './operator-key.guard';

/** Dead letters of every tenant, for operators only: list with filters, show one, send one back to its topic. */
@Controller('v1/operator/dead-letters')
@UseGuards(OperatorKeyGuard)
@UseFilters(QueueApiErrorFilter, DeadLetterErrorFilter)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  list(@Query() query: unknown): Promise<ResponseOf<typeof DeadLetterListResponse>> {
    const { filter, limit } = parseDeadLetterListQuery(query);
    return this.deadLetters.list(filter, limit);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<ResponseOf<typeof DeadLetterDetailResponse>> {
    return this.deadLetters.get(id);
  }

  @Post(':id/redrive')
  @HttpCode(200)
  redrive(@Req() request: OperatorRequest, @Param('id') id: string): Promise<ResponseOf<typeof RedriveResponse>> {
    return this.deadLetters.redrive(id, request.operator);
  }
}
