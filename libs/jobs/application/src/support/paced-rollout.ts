import { Injectable } from '@nestjs/common';
import {
  initialJobExecutionState,
  jobExecutionStreamId,
  maintenanceWindowsOf,
  pacedAllowance,
  pacedWalkStart,
  parseJobTarget,
  type Job,
  type JobCommand,
  type RolloutPace,
  type RolloutPosition,
  windowAt,
} from '#jobs/domain';
import { Clock } from '../ports/clock.port.js';
import { CronCalendar } from '../ports/cron-calendar.port.js';
import { EventStore, type StreamWrite } from '../ports/event-store.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { ContinuousJobsReadModel, RegistryReadModel } from '../ports/registry-read-model.port.js';
import { SERVICE_ACTOR } from '../reactions/reaction.js';
import { ExecutionStreams } from './execution-streams.js';
import { JobStreams, type LoadedJobStream } from './job-streams.js';
import { ServiceIdentity, thingArn } from './service-identity.js';

interface WalkedTargets {
  readonly things: ReadonlyArray<{ thingName: string; thingArn: string }>;
  readonly position: RolloutPosition;
  readonly done: boolean;
}

/**
 * One chunk of a paced rollout (docs/aws-behaviour.md §19): as many targets as the rate's sliding
 * window allows now (and the chunk size), walked in list order from the stored position, queued in
 * one transaction with the JobRolloutAdvanced that moves the position and stores when the next
 * target may be notified. That `nextAt` is the durable timer the rollout timer fires; the append
 * at the job's version keeps two instances from both using the same allowance. A job with
 * maintenance windows (§21.6) notifies nobody outside them: the chunk then only stores the next
 * window's start as `nextAt`, and inside one the next chunk is due no later than its close.
 */
@Injectable()
export class PacedRollout {
  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly store: EventStore,
    private readonly registry: RegistryReadModel,
    private readonly jobTargets: ContinuousJobsReadModel,
    private readonly readModel: JobsReadModel,
    private readonly identity: ServiceIdentity,
    private readonly clock: Clock,
    private readonly calendar: CronCalendar,
  ) {}

  /** Queues what is allowed now; true while there is more to walk and room to walk it. */
  async nextChunk(loaded: LoadedJobStream, job: Job, chunkSize: number): Promise<boolean> {
    const now = this.clock.now();
    const windows = maintenanceWindowsOf(job.schedulingConfig);
    const window = windows && windowAt(windows, this.calendar, now);
    const succeeded = await this.succeeded(job);
    const allowance = window?.open === false ? 0 : Math.min(chunkSize, pacedAllowance(job, succeeded, now) ?? 0);
    const advance = (data: { queued: number; done: boolean; position?: RolloutPosition }): JobCommand => ({
      type: 'AdvanceJobRollout',
      data: { ...data, succeeded, actor: SERVICE_ACTOR, now, ...(window ? { window } : {}) },
    });
    if (allowance === 0) {
      // Nothing may be notified now: at most the timer moves (a lowered rate, a closed window), else no event.
      const { write } = this.jobs.plan(loaded, advance({ queued: 0, done: false }));
      if (write) await this.store.append(write);
      return false;
    }
    const walked = await this.walk(job.rollout!.targets, job.rollout!.pace!, allowance);
    // A thing reached twice (two targets, two subgroups) is notified once.
    const unique = [...new Map(walked.things.map((thing) => [thing.thingName, thing])).values()];
    const existing = await this.jobTargets.thingsWithExecution(
      job.jobId,
      unique.map((thing) => thing.thingName),
    );
    const fresh = unique.filter((thing) => !existing.has(thing.thingName));
    const writes: StreamWrite[] = fresh.flatMap((thing) => {
      const { write } = this.executions.plan(
        { streamId: jobExecutionStreamId(job.jobId, thing.thingName), state: initialJobExecutionState(), version: 0 },
        {
          type: 'QueueJobExecution',
          data: {
            jobId: job.jobId,
            thingName: thing.thingName,
            thingArn: thing.thingArn,
            reason: 'ROLLOUT',
            actor: SERVICE_ACTOR,
            now,
            ...(job.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {}),
          },
        },
      );
      return write ? [write] : [];
    });
    const { write } = this.jobs.plan(loaded, advance({ queued: writes.length, done: walked.done, position: walked.position }));
    await this.store.appendMany([write!, ...writes]);
    return !walked.done;
  }

  /** The job's succeeded count, read only when a criterion counts it. */
  private async succeeded(job: Job): Promise<number> {
    if (job.jobExecutionsRolloutConfig?.exponentialRate?.rateIncreaseCriteria.numberOfSucceededThings === undefined) return 0;
    return (await this.readModel.executionOutcomeCounts(job.jobId)).succeeded;
  }

  /** Up to `limit` things from the pace's position: a thing target is itself, a group target its subtree's members. */
  private async walk(targets: readonly string[], pace: RolloutPace, limit: number): Promise<WalkedTargets> {
    let { index, after } = pace.position;
    const things: Array<{ thingName: string; thingArn: string }> = [];
    while (index < targets.length && things.length < limit) {
      const target = parseJobTarget(targets[index]!);
      if (target.kind === 'thing') {
        things.push({ thingName: target.thingName, thingArn: target.thingArn });
        [index, after] = [index + 1, undefined];
        continue;
      }
      const room = limit - things.length;
      // One member more than there is room for: a group whose last members fill the chunk exactly
      // is passed now, not a window later (its rollout would otherwise stay open until then).
      // A target an unpaced walk covered before UpdateJob set a rate starts after that walk (§19.6).
      const start = pacedWalkStart(pace, { index, ...(after ? { after } : {}) });
      const members = await this.registry.membersAfter(await this.registry.subtrees([target.thingGroupName]), start, room + 1);
      const taken = members.slice(0, room);
      things.push(...taken.map((member) => ({ thingName: member.thingName, thingArn: thingArn(this.identity, member.thingName) })));
      if (members.length <= room) [index, after] = [index + 1, undefined];
      else after = taken.at(-1);
    }
    return { things, position: { index, ...(after ? { after } : {}) }, done: index >= targets.length };
  }
}
