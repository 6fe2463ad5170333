import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ListTagsForResourceQuery, TagResourceCommand, UntagResourceCommand } from '#jobs/application';
import { parseOrThrow } from '../validation/issues.js';
import { listTagsForResourceRequest, tagResourceRequest, untagResourceRequest } from '../validation/tag.schemas.js';
import { Actor } from './actor.js';

type QueryString = Record<string, unknown>;

/** Control plane, tags of jobs and job templates: TagResource, UntagResource, ListTagsForResource. */
@Controller()
export class TagsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('tags')
  @HttpCode(200)
  async tagResource(@Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(tagResourceRequest, { params: {}, query, body });
    await this.commandBus.execute(new TagResourceCommand({ ...request.body, actor }));
    return {};
  }

  @Post('untag')
  @HttpCode(200)
  async untagResource(@Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const request = parseOrThrow(untagResourceRequest, { params: {}, query, body });
    await this.commandBus.execute(new UntagResourceCommand({ ...request.body, actor }));
    return {};
  }

  /** Every tag in one page, without nextToken; AWS spells the members Key and Value here. */
  @Get('tags')
  async listTagsForResource(@Query() query: QueryString) {
    const request = parseOrThrow(listTagsForResourceRequest, { params: {}, query, body: undefined });
    const tags = await this.queryBus.execute(new ListTagsForResourceQuery({ resourceArn: request.query.resourceArn }));
    return { tags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) };
  }
}
