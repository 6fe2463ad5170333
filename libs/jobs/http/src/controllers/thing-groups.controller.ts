import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ChangeThingGroupsCommand,
  CreateThingGroupCommand,
  DeleteThingGroupCommand,
  DescribeThingGroupQuery,
  ListThingGroupsQuery,
  ListThingsInThingGroupQuery,
  UpdateThingGroupCommand,
} from '#jobs/application';
import { InvalidRequestError } from '../errors/aws-error.js';
import {
  addThingToThingGroupRequest,
  createThingGroupRequest,
  deleteThingGroupRequest,
  describeThingGroupRequest,
  listThingGroupsRequest,
  listThingsInThingGroupRequest,
  removeThingFromThingGroupRequest,
  updateThingGroupRequest,
  updateThingGroupsForThingRequest,
} from '../validation/registry.schemas.js';
import { parseOrThrow } from '../validation/issues.js';
import { DEFAULT_MAX_RESULTS } from '../validation/request-schema.js';
import { compact, epochSecondsWithFraction } from '../wire/compact.js';
import { nameTokenMember } from '../wire/next-token.js';
import { Actor } from './actor.js';
import { nameFrom } from './thing-membership.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

/**
 * Control plane, static thing groups. The three membership operations are literal PUT paths; no
 * operation uses PUT /thing-groups/{name}, so they cannot be mistaken for a group, while
 * GET /thing-groups/addThingToThingGroup stays DescribeThingGroup of a group of that name.
 */
@Controller('thing-groups')
export class ThingGroupsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Put('addThingToThingGroup')
  async addThingToThingGroup(@Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { body: b } = parseOrThrow(addThingToThingGroupRequest, { params: {}, query, body });
    const group = nameFrom('thinggroup', b.thingGroupName, b.thingGroupArn);
    const thingName = nameFrom('thing', b.thingName, b.thingArn);
    await this.commandBus.execute(new ChangeThingGroupsCommand({ thingName, add: [group], remove: [], actor }));
    return {};
  }

  @Put('removeThingFromThingGroup')
  async removeThingFromThingGroup(@Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { body: b } = parseOrThrow(removeThingFromThingGroupRequest, { params: {}, query, body });
    const group = nameFrom('thinggroup', b.thingGroupName, b.thingGroupArn);
    const thingName = nameFrom('thing', b.thingName, b.thingArn);
    await this.commandBus.execute(new ChangeThingGroupsCommand({ thingName, add: [], remove: [group], actor }));
    return {};
  }

  @Put('updateThingGroupsForThing')
  async updateThingGroupsForThing(@Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { body: b } = parseOrThrow(updateThingGroupsForThingRequest, { params: {}, query, body });
    if (b.thingName === undefined) throw new InvalidRequestError('thingName is required');
    const add = b.thingGroupsToAdd ?? [];
    const remove = b.thingGroupsToRemove ?? [];
    const both = add.find((name) => remove.includes(name));
    if (both !== undefined) throw new InvalidRequestError(`Thing group ${both} is both to add and to remove`);
    await this.commandBus.execute(new ChangeThingGroupsCommand({ thingName: b.thingName, add, remove, actor }));
    return {};
  }

  @Post(':thingGroupName')
  @HttpCode(200)
  async createThingGroup(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { params: p, body: b } = parseOrThrow(createThingGroupRequest, { params, query, body });
    return this.commandBus.execute(
      new CreateThingGroupCommand(
        compact({
          thingGroupName: p.thingGroupName,
          parentGroupName: b.parentGroupName,
          description: b.thingGroupProperties?.thingGroupDescription,
          attributes: b.thingGroupProperties?.attributePayload?.attributes,
          tags: b.tags?.map((tag) => ({ Key: tag.key, Value: tag.value })),
          actor,
        }),
      ),
    );
  }

  @Get(':thingGroupName')
  async describeThingGroup(@Param() params: Params, @Query() query: QueryString) {
    const { params: p } = parseOrThrow(describeThingGroupRequest, { params, query, body: undefined });
    const group = await this.queryBus.execute(new DescribeThingGroupQuery({ thingGroupName: p.thingGroupName }));
    const attributes = Object.keys(group.attributes).length > 0 ? { attributePayload: { attributes: group.attributes } } : {};
    return {
      thingGroupName: group.thingGroupName,
      thingGroupId: group.thingGroupId,
      thingGroupArn: group.thingGroupArn,
      version: group.version,
      thingGroupProperties: compact({ thingGroupDescription: group.description, ...attributes }),
      thingGroupMetadata: compact({
        parentGroupName: group.parentGroupName,
        rootToParentThingGroups:
          group.rootToParentThingGroups.length > 0
            ? group.rootToParentThingGroups.map((name) => ({ groupName: name, groupArn: siblingArn(group.thingGroupArn, name) }))
            : undefined,
        creationDate: epochSecondsWithFraction(group.createdAt),
      }),
    };
  }

  @Patch(':thingGroupName')
  async updateThingGroup(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { params: p, body: b } = parseOrThrow(updateThingGroupRequest, { params, query, body });
    return this.commandBus.execute(
      new UpdateThingGroupCommand(
        compact({
          thingGroupName: p.thingGroupName,
          description: b.thingGroupProperties.thingGroupDescription,
          attributePayload: b.thingGroupProperties.attributePayload,
          expectedVersion: b.expectedVersion,
          actor,
        }),
      ),
    );
  }

  @Delete(':thingGroupName')
  async deleteThingGroup(@Param() params: Params, @Query() query: QueryString, @Actor() actor: string) {
    const { params: p, query: q } = parseOrThrow(deleteThingGroupRequest, { params, query, body: undefined });
    await this.commandBus.execute(
      new DeleteThingGroupCommand(compact({ thingGroupName: p.thingGroupName, expectedVersion: q.expectedVersion, actor })),
    );
    return {};
  }

  @Get()
  async listThingGroups(@Query() query: QueryString) {
    const { query: q } = parseOrThrow(listThingGroupsRequest, { params: {}, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListThingGroupsQuery(
        compact({
          parentGroup: q.parentGroup,
          // With a parent, recursive unless told otherwise (DECISIONS.md 34).
          recursive: q.recursive ?? true,
          namePrefixFilter: q.namePrefixFilter,
          maxResults: q.maxResults ?? DEFAULT_MAX_RESULTS,
          cursor: q.nextToken,
        }),
      ),
    );
    return { thingGroups: page.items.map(({ groupName, groupArn }) => ({ groupName, groupArn })), ...nameTokenMember(page.nextCursor) };
  }

  @Get(':thingGroupName/things')
  async listThingsInThingGroup(@Param() params: Params, @Query() query: QueryString) {
    const { params: p, query: q } = parseOrThrow(listThingsInThingGroupRequest, { params, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListThingsInThingGroupQuery(
        compact({
          groupName: p.thingGroupName,
          recursive: q.recursive ?? false,
          maxResults: q.maxResults ?? DEFAULT_MAX_RESULTS,
          cursor: q.nextToken,
        }),
      ),
    );
    return { things: page.items, ...nameTokenMember(page.nextCursor) };
  }
}

/** The ARN of another group of the same account and region. */
function siblingArn(groupArn: string, groupName: string): string {
  return `${groupArn.slice(0, groupArn.indexOf(':thinggroup/'))}:thinggroup/${groupName}`;
}
