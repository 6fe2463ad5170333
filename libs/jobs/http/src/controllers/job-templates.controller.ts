import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CreateJobTemplateCommand, DeleteJobTemplateCommand, DescribeJobTemplateQuery, ListJobTemplatesQuery } from '#jobs/application';
import { createJobTemplateRequest, jobTemplateRequest, listJobTemplatesRequest } from '../validation/job-template.schemas.js';
import { parseOrThrow } from '../validation/issues.js';
import { DEFAULT_MAX_RESULTS } from '../validation/request-schema.js';
import { compact } from '../wire/compact.js';
import { toCpDescribeJobTemplateResponse, toCpJobTemplateSummary } from '../wire/job-template.mappers.js';
import { nextTokenMember } from '../wire/next-token.js';
import { Actor } from './actor.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

/** Control plane, job templates: CreateJobTemplate, DescribeJobTemplate, ListJobTemplates, DeleteJobTemplate. */
@Controller('job-templates')
export class JobTemplatesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Put(':jobTemplateId')
  async createJobTemplate(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(createJobTemplateRequest, { params, query, body });
    return this.commandBus.execute(new CreateJobTemplateCommand({ jobTemplateId: request.params.jobTemplateId, ...request.body, actor }));
  }

  @Get(':jobTemplateId')
  async describeJobTemplate(@Param() params: Params, @Query() query: QueryString) {
    const request = parseOrThrow(jobTemplateRequest, { params, query, body: undefined });
    return toCpDescribeJobTemplateResponse(
      await this.queryBus.execute(new DescribeJobTemplateQuery({ jobTemplateId: request.params.jobTemplateId })),
    );
  }

  @Get()
  async listJobTemplates(@Query() query: QueryString) {
    const { query: input } = parseOrThrow(listJobTemplatesRequest, { params: {}, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListJobTemplatesQuery(compact({ maxResults: input.maxResults ?? DEFAULT_MAX_RESULTS, cursor: input.nextToken })),
    );
    return { jobTemplates: page.items.map(toCpJobTemplateSummary), ...nextTokenMember(page.nextCursor) };
  }

  @Delete(':jobTemplateId')
  async deleteJobTemplate(@Param() params: Params, @Query() query: QueryString, @Actor() actor: string) {
    const request = parseOrThrow(jobTemplateRequest, { params, query, body: undefined });
    await this.commandBus.execute(new DeleteJobTemplateCommand({ jobTemplateId: request.params.jobTemplateId, actor }));
    return {};
  }
}
