import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CancelJobExecutionCommand, DeleteJobExecutionCommand, DescribeJobExecutionQuery, ListJobExecutionsForThingQuery } from '#jobs/application';
import {
  cancelJobExecutionRequest,
  deleteJobExecutionRequest,
  describeJobExecutionRequest,
  listJobExecutionsForThingRequest,
} from '../validation/control-plane.schemas.js';
import { parseOrThrow } from '../validation/issues.js';
import { DEFAULT_MAX_RESULTS } from '../validation/request-schema.js';
import { toCpJobExecution, toCpSummaryForThing } from '../wire/control-plane.mappers.js';
import { compact } from '../wire/compact.js';
import { nextTokenMember } from '../wire/next-token.js';
import { Actor } from './actor.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

/**
 * Control plane, executions seen from a thing: CancelJobExecution, DescribeJobExecution,
 * DeleteJobExecution, ListJobExecutionsForThing.
 */
@Controller('things/:thingName/jobs')
export class ThingExecutionsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Put(':jobId/cancel')
  async cancelJobExecution(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(cancelJobExecutionRequest, { params, query, body });
    await this.commandBus.execute(new CancelJobExecutionCommand({ ...request.params, force: request.query.force ?? false, ...request.body, actor }));
    return {};
  }

  @Get(':jobId')
  async describeJobExecution(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(describeJobExecutionRequest, { params, query, body: undefined });
    const execution = await this.queryBus.execute(new DescribeJobExecutionQuery({ ...request.params, ...request.query, includeJobDocument: false }));
    return { execution: toCpJobExecution(execution, new Date()) };
  }

  @Delete(':jobId/executionNumber/:executionNumber')
  async deleteJobExecution(@Param() params: Params, @Query() query: QueryString, @Actor() actor: string) {
    const request = parseOrThrow(deleteJobExecutionRequest, { params, query, body: undefined });
    await this.commandBus.execute(new DeleteJobExecutionCommand({ ...request.params, force: request.query.force ?? false, actor }));
    return {};
  }

  @Get()
  async listJobExecutionsForThing(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(listJobExecutionsForThingRequest, { params, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListJobExecutionsForThingQuery(
        compact({
          thingName: request.params.thingName,
          jobId: request.query.jobId,
          status: request.query.status,
          maxResults: request.query.maxResults ?? DEFAULT_MAX_RESULTS,
          cursor: request.query.nextToken,
        }),
      ),
    );
    return { executionSummaries: page.items.map(toCpSummaryForThing), ...nextTokenMember(page.nextCursor) };
  }
}
