import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { jobExecutionStreamId, jobTemplateStreamId, thingGroupStreamId, thingStreamId } from '#jobs/domain';
import { findUnstorableText, isPosition, UNSTORABLE_TEXT_CONSTRAINT } from '#jobs/http';
import { z } from 'zod';
import { HistoryQueries, type HistoryFilter, type HistoryPage } from './history-queries.js';
import { stateFromHistory } from './state-as-of.js';
import { thingGroupsFromHistory, type ThingGroupsAsOf } from './thing-groups-as-of.js';
import { HistoryAuthGuard } from './history-auth.js';

const isoTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const listQuery = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Comma-separated event types, e.g. JobExecutionCanceled,JobExecutionSucceeded. */
  eventType: z
    .string()
    .min(1)
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .optional(),
  actor: z.string().min(1).optional(),
  executionNumber: z.coerce.number().int().min(1).optional(),
  maxResults: z.coerce.number().int().min(1).max(250).default(50),
  /** A global position, which must fit the bigint column it is compared with. */
  nextToken: z.string().refine(isPosition, 'is not a token this API returned').optional(),
});

const stateQuery = z
  .object({
    asOfTime: isoTime.optional(),
    asOfVersion: z.coerce.number().int().min(0).optional(),
    executionNumber: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => q.asOfTime === undefined || q.asOfVersion === undefined, 'give asOfTime or asOfVersion, not both');

/**
 * A template's or a thing group's own history has no executions, so no executionNumber; strict, so
 * that and any other parameter the route does not honour is refused by name, never ignored.
 */
const streamListQuery = listQuery.omit({ executionNumber: true }).strict();

/** Strict: a parameter this route does not honour is refused by name, never ignored. */
const thingGroupsQuery = z.object({ asOfTime: isoTime.optional() }).strict();

function parse<T extends z.ZodType>(schema: T, query: unknown, params: Record<string, string>): z.output<T> {
  const unstorable = findUnstorableText({ ...params, ...(typeof query === 'object' ? query : {}) });
  if (unstorable.length > 0) {
    throw new BadRequestException(unstorable.map((found) => `${found.path.join('.')}: ${UNSTORABLE_TEXT_CONSTRAINT}`).join('; '));
  }
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  throw new BadRequestException(result.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
}

/** The audit-history query API (docs/history-api.openapi.yaml); every route is SigV4-signed. */
@Controller('history')
@UseGuards(HistoryAuthGuard)
export class HistoryController {
  constructor(@Inject(HistoryQueries) private readonly queries: HistoryQueries) {}

  @Get('jobs/:jobId')
  ofJob(@Param('jobId') jobId: string, @Query() query: unknown): Promise<HistoryPage> {
    return this.page({ jobId }, query);
  }

  @Get('things/:thingName')
  ofThing(@Param('thingName') thingName: string, @Query() query: unknown): Promise<HistoryPage> {
    return this.page({ thingName }, query);
  }

  /**
   * A thing group's own events: created, updated, deleted, its child groups attached and detached,
   * its tags. Its members' changes are thing events (GET things/:thingName). A group deleted and
   * created again under the name shares this history, as its stream does.
   */
  @Get('thing-groups/:thingGroupName')
  ofThingGroup(@Param('thingGroupName') thingGroupName: string, @Query() query: unknown): Promise<HistoryPage> {
    return this.streamPage(thingGroupStreamId(thingGroupName), query, { thingGroupName });
  }

  @Get('jobs/:jobId/things/:thingName')
  ofExecution(@Param('jobId') jobId: string, @Param('thingName') thingName: string, @Query() query: unknown): Promise<HistoryPage> {
    return this.page({ jobId, thingName }, query);
  }

  /**
   * Every event of one job template: created, tagged, untagged, deleted, and created again under the
   * same id (one stream per template id), each with actor and time.
   */
  @Get('job-templates/:jobTemplateId')
  ofJobTemplate(@Param('jobTemplateId') jobTemplateId: string, @Query() query: unknown): Promise<HistoryPage> {
    return this.streamPage(jobTemplateStreamId(jobTemplateId), query, { jobTemplateId });
  }

  /** The execution(s) of one (job, thing) as they stood at a time or stream version. */
  @Get('jobs/:jobId/things/:thingName/state')
  async stateOf(@Param('jobId') jobId: string, @Param('thingName') thingName: string, @Query() query: unknown) {
    const q = parse(stateQuery, query, { jobId, thingName });
    const entries = await this.queries.streamUpTo(jobExecutionStreamId(jobId, thingName), { version: q.asOfVersion, time: q.asOfTime });
    if (entries.length === 0) throw new NotFoundException(`no history for job ${jobId} on thing ${thingName} at that point`);
    const state = stateFromHistory(entries);
    const executions = q.executionNumber === undefined ? state.executions : state.executions.filter((e) => e.executionNumber === q.executionNumber);
    if (q.executionNumber !== undefined && executions.length === 0) {
      throw new NotFoundException(`execution ${q.executionNumber} did not exist at that point`);
    }
    return {
      jobId,
      thingName,
      asOf: { streamVersion: entries.at(-1)!.streamVersion, time: q.asOfTime?.toISOString() ?? null },
      executions,
    };
  }

  /** The thing's direct group memberships as they stood at a time (now when asOfTime is absent). */
  @Get('things/:thingName/groups')
  async thingGroupsOf(@Param('thingName') thingName: string, @Query() query: unknown): Promise<ThingGroupsAsOf> {
    const q = parse(thingGroupsQuery, query, { thingName });
    const time = q.asOfTime ?? new Date();
    const entries = await this.queries.streamUpTo(thingStreamId(thingName), { time });
    const groupStreams = [...new Set(entries.flatMap(joinedGroupNames))].map(thingGroupStreamId);
    const deletions = await this.queries.groupDeletionsUpTo(groupStreams, time);
    const state = entries.length === 0 ? undefined : thingGroupsFromHistory(entries, deletions, time);
    if (state === undefined) throw new NotFoundException(`thing ${thingName} did not exist at ${time.toISOString()}`);
    return state;
  }

  /** One stream's events (a template's, a thing group's), with the list filters but no executionNumber. */
  private streamPage(streamId: string, query: unknown, params: Record<string, string>): Promise<HistoryPage> {
    const q = parse(streamListQuery, query, params);
    return this.queries.page({
      scope: { streamId },
      from: q.from,
      to: q.to,
      eventTypes: q.eventType,
      actor: q.actor,
      limit: q.maxResults,
      after: q.nextToken,
    });
  }

  private page(scope: HistoryFilter['scope'], query: unknown): Promise<HistoryPage> {
    const q = parse(listQuery, query, scope);
    return this.queries.page({
      scope,
      executionNumber: q.executionNumber,
      from: q.from,
      to: q.to,
      eventTypes: q.eventType,
      actor: q.actor,
      limit: q.maxResults,
      after: q.nextToken,
    });
  }
}

/** The groups a membership change lists the thing in (whose deletions the as-of answer must know). */
function joinedGroupNames(entry: { eventType: string; payload: { data: Record<string, unknown> } }): string[] {
  if (entry.eventType !== 'ThingGroupMembershipChanged') return [];
  const groups = entry.payload.data.groups as ReadonlyArray<{ groupName: string }>;
  return groups.map((group) => group.groupName);
}
