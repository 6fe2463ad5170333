import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  DescribeJobExecutionQuery,
  DescribeNextPendingJobExecutionQuery,
  type DeviceJobExecution,
  GetPendingJobExecutionsQuery,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
} from '#jobs/application';
import { DATA_PLANE_PATH_PREFIX } from '../planes.js';
import {
  describeDeviceJobExecutionRequest,
  getPendingJobExecutionsRequest,
  startNextPendingJobExecutionRequest,
  updateJobExecutionRequest,
} from '../validation/data-plane.schemas.js';
import { parseOrThrow } from '../validation/issues.js';
import { compact } from '../wire/compact.js';
import { toDpJobExecution, toDpJobExecutionSummary, toDpUpdateResponse } from '../wire/data-plane.mappers.js';
import { Actor } from './actor.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

const NEXT_PENDING = '$next';

/**
 * Data plane (devices): GetPendingJobExecutions, StartNextPendingJobExecution,
 * DescribeJobExecution (including the `$next` peek) and UpdateJobExecution.
 */
@Controller(`${DATA_PLANE_PATH_PREFIX.slice(1)}/things/:thingName/jobs`)
export class DeviceJobsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Get()
  async getPendingJobExecutions(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(getPendingJobExecutionsRequest, { params, query, body: undefined });
    const pending = await this.queryBus.execute(new GetPendingJobExecutionsQuery(request.params));
    return {
      inProgressJobs: pending.inProgress.map(toDpJobExecutionSummary),
      queuedJobs: pending.queued.map(toDpJobExecutionSummary),
    };
  }

  // StartNext's URI template has `$next` as a literal, so the SDK sends it unencoded.
  @Put(NEXT_PENDING)
  async startNextPendingJobExecution(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(startNextPendingJobExecutionRequest, { params, query, body });
    const { execution } = await this.commandBus.execute(new StartNextPendingJobExecutionCommand({ ...request.params, ...request.body, actor }));
    return executionResponse(execution);
  }

  // DescribeJobExecution's jobId is a label: `$next` arrives as `%24next`, decoded by the router.
  @Get(':jobId')
  async describeJobExecution(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(describeDeviceJobExecutionRequest, { params, query, body: undefined });
    const { thingName, jobId } = request.params;
    // The current model includes the document "unless set to false".
    const includeJobDocument = request.query.includeJobDocument ?? true;
    const execution =
      jobId === NEXT_PENDING
        ? await this.queryBus.execute(new DescribeNextPendingJobExecutionQuery({ thingName, includeJobDocument }))
        : await this.queryBus.execute(
            new DescribeJobExecutionQuery(compact({ thingName, jobId, executionNumber: request.query.executionNumber, includeJobDocument })),
          );
    return executionResponse(execution);
  }

  @Post(':jobId')
  @HttpCode(200)
  async updateJobExecution(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(updateJobExecutionRequest, { params, query, body });
    const { includeJobExecutionState, includeJobDocument, ...changes } = request.body;
    const result = await this.commandBus.execute(
      new UpdateJobExecutionCommand({
        ...request.params,
        ...changes,
        includeJobExecutionState: includeJobExecutionState ?? false,
        includeJobDocument: includeJobDocument ?? false,
        actor,
      }),
    );
    return toDpUpdateResponse(result);
  }
}

/** `{execution}`, or `{}` when nothing is pending (the SDK then yields `execution: undefined`). */
function executionResponse(execution: DeviceJobExecution | undefined) {
  return execution === undefined ? {} : { execution: toDpJobExecution(execution, new Date()) };
}
