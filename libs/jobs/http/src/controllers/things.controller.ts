import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CreateThingCommand,
  DeleteThingCommand,
  DescribeThingQuery,
  ListThingGroupsForThingQuery,
  ListThingsQuery,
  UpdateThingCommand,
} from '#jobs/application';
import {
  createThingRequest,
  deleteThingRequest,
  describeThingRequest,
  listThingGroupsForThingRequest,
  listThingsRequest,
  updateThingRequest,
} from '../validation/registry.schemas.js';
import { parseOrThrow } from '../validation/issues.js';
import { DEFAULT_MAX_RESULTS } from '../validation/request-schema.js';
import { compact } from '../wire/compact.js';
import { nameTokenMember } from '../wire/next-token.js';
import { Actor } from './actor.js';

type Params = Record<string, string>;
type QueryString = Record<string, unknown>;

/** Control plane, thing registry: CreateThing, DescribeThing, UpdateThing, DeleteThing, ListThings, ListThingGroupsForThing. */
@Controller('things')
export class ThingsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post(':thingName')
  @HttpCode(200)
  async createThing(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { params: p, body: b } = parseOrThrow(createThingRequest, { params, query, body });
    return this.commandBus.execute(
      new CreateThingCommand(
        compact({
          thingName: p.thingName,
          thingTypeName: b.thingTypeName,
          attributes: b.attributePayload?.attributes,
          billingGroupName: b.billingGroupName,
          actor,
        }),
      ),
    );
  }

  @Get(':thingName')
  async describeThing(@Param() params: Params, @Query() query: QueryString) {
    const { params: p } = parseOrThrow(describeThingRequest, { params, query, body: undefined });
    const thing = await this.queryBus.execute(new DescribeThingQuery({ thingName: p.thingName }));
    return compact({
      defaultClientId: thing.thingName,
      thingName: thing.thingName,
      thingId: thing.thingId,
      thingArn: thing.thingArn,
      thingTypeName: thing.thingTypeName,
      attributes: thing.attributes,
      version: thing.version,
    });
  }

  @Patch(':thingName')
  async updateThing(@Param() params: Params, @Query() query: QueryString, @Body() body: unknown, @Actor() actor: string) {
    const { params: p, body: b } = parseOrThrow(updateThingRequest, { params, query, body });
    await this.commandBus.execute(new UpdateThingCommand(compact({ thingName: p.thingName, ...b, actor })));
    return {};
  }

  @Delete(':thingName')
  async deleteThing(@Param() params: Params, @Query() query: QueryString, @Actor() actor: string) {
    const { params: p, query: q } = parseOrThrow(deleteThingRequest, { params, query, body: undefined });
    await this.commandBus.execute(new DeleteThingCommand(compact({ thingName: p.thingName, expectedVersion: q.expectedVersion, actor })));
    return {};
  }

  @Get()
  async listThings(@Query() query: QueryString) {
    const { query: q } = parseOrThrow(listThingsRequest, { params: {}, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListThingsQuery(
        compact({
          attributeName: q.attributeName,
          attributeValue: q.attributeValue,
          usePrefixAttributeValue: q.usePrefixAttributeValue ?? false,
          thingTypeName: q.thingTypeName,
          maxResults: q.maxResults ?? DEFAULT_MAX_RESULTS,
          cursor: q.nextToken,
        }),
      ),
    );
    return {
      things: page.items.map((thing) =>
        compact({
          thingName: thing.thingName,
          thingTypeName: thing.thingTypeName,
          thingArn: thing.thingArn,
          attributes: thing.attributes,
          version: thing.version,
        }),
      ),
      ...nameTokenMember(page.nextCursor),
    };
  }

  @Get(':thingName/thing-groups')
  async listThingGroupsForThing(@Param() params: Params, @Query() query: QueryString) {
    const { params: p, query: q } = parseOrThrow(listThingGroupsForThingRequest, { params, query, body: undefined });
    const page = await this.queryBus.execute(
      new ListThingGroupsForThingQuery(compact({ thingName: p.thingName, maxResults: q.maxResults ?? DEFAULT_MAX_RESULTS, cursor: q.nextToken })),
    );
    return { thingGroups: page.items.map(({ groupName, groupArn }) => ({ groupName, groupArn })), ...nameTokenMember(page.nextCursor) };
  }
}
