import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  AssociateTargetsWithJobCommand,
  CancelJobCommand,
  CreateJobCommand,
  DeleteJobCommand,
  DescribeJobQuery,
  GetJobDocumentQuery,
  ListJobExecutionsForJobQuery,
  ListJobsQuery,
  UpdateJobCommand,
} from '#jobs/application';
import {
  associateTargetsWithJobRequest,
  cancelJobRequest,
  createJobRequest,
  deleteJobRequest,
  describeJobRequest,
  getJobDocumentRequest,
  listJobExecutionsForJobRequest,
  listJobsRequest,
  updateJobRequest,
} from '../validation/control-plane.schemas.js';
import { parseOrThrow } from '../validation/issues.js';
import { DEFAULT_MAX_RESULTS } from '../validation/request-schema.js';
import { toCpDescribeJobResponse, toCpJobSummary, toCpJobSummaryResult, toCpSummaryForJob } from '../wire/control-plane.mappers.js';
import { compact } from '../wire/compact.js';
import { nextTokenMember } from '../wire/next-token.js';
import { Actor } from './actor.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

/**
 * Control plane, job resource: CreateJob, UpdateJob, DescribeJob, GetJobDocument, ListJobs, CancelJob,
 * DeleteJob, ListJobExecutionsForJob.
 */
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Put(':jobId')
  async createJob(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(createJobRequest, { params, query, body });
    const result = await this.commandBus.execute(new CreateJobCommand({ jobId: request.params.jobId, ...request.body, actor }));
    return toCpJobSummaryResult(result);
  }

  @Patch(':jobId')
  async updateJob(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(updateJobRequest, { params, query, body });
    await this.commandBus.execute(new UpdateJobCommand({ jobId: request.params.jobId, ...request.body, actor }));
    return {};
  }

  @Get(':jobId/job-document')
  async getJobDocument(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(getJobDocumentRequest, { params, query, body: undefined });
    return this.queryBus.execute(new GetJobDocumentQuery({ jobId: request.params.jobId }));
  }

  @Get(':jobId')
  async describeJob(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(describeJobRequest, { params, query, body: undefined });
    const job = await this.queryBus.execute(new DescribeJobQuery({ jobId: request.params.jobId }));
    return toCpDescribeJobResponse(job);
  }

  @Get()
  async listJobs(@Query() query: QueryString) {
    const { query: input } = parseOrThrow(listJobsRequest, { params: {}, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListJobsQuery(
        compact({
          status: input.status,
          targetSelection: input.targetSelection,
          thingGroupName: input.thingGroupName,
          thingGroupId: input.thingGroupId,
          maxResults: input.maxResults ?? DEFAULT_MAX_RESULTS,
          cursor: input.nextToken,
        }),
      ),
    );
    // thingGroupId only in listings filtered by a group (DECISIONS.md 34).
    const { thingGroupId } = page;
    const jobs = page.items.map(toCpJobSummary).map((job) => (thingGroupId !== undefined ? { ...job, thingGroupId } : job));
    return { jobs, ...nextTokenMember(page.nextCursor) };
  }

  @Put(':jobId/cancel')
  async cancelJob(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(cancelJobRequest, { params, query, body });
    const result = await this.commandBus.execute(
      new CancelJobCommand({ jobId: request.params.jobId, force: request.query.force ?? false, ...request.body, actor }),
    );
    return toCpJobSummaryResult(result);
  }

  @Delete(':jobId')
  async deleteJob(@Param() params: Params, @Query() query: QueryString, @Actor() actor: string) {
    const request = parseOrThrow(deleteJobRequest, { params, query, body: undefined });
    await this.commandBus.execute(new DeleteJobCommand({ jobId: request.params.jobId, force: request.query.force ?? false, actor }));
    return {};
  }

  @Post(':jobId/targets')
  @HttpCode(200)
  async associateTargetsWithJob(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(associateTargetsWithJobRequest, { params, query, body });
    const result = await this.commandBus.execute(new AssociateTargetsWithJobCommand({ jobId: request.params.jobId, ...request.body, actor }));
    return toCpJobSummaryResult(result);
  }

  @Get(':jobId/things')
  async listJobExecutionsForJob(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(listJobExecutionsForJobRequest, { params, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListJobExecutionsForJobQuery(
        compact({
          jobId: request.params.jobId,
          status: request.query.status,
          maxResults: request.query.maxResults ?? DEFAULT_MAX_RESULTS,
          cursor: request.query.nextToken,
        }),
      ),
    );
    return { executionSummaries: page.items.map(toCpSummaryForJob), ...nextTokenMember(page.nextCursor) };
  }
}
