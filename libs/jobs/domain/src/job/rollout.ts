import { DomainError } from '../errors.js';
import { MAX_ASSOCIATED_JOB_TARGETS, parseJobTarget } from '../validation.js';
import type { AdvanceJobRollout, AssociateTargetsWithJob } from './commands.js';
import type { JobEvent } from './events.js';
import { batchesWithin, nextRolloutAt, rolloutAllowance, rolloutRatePerMinute } from './rollout-rate.js';
import type { JobExecutionsRolloutConfig, SchedulingConfig } from '../job-config.js';
import { maintenanceWindowsOf, type WindowAt } from './maintenance-windows.js';
import type { Job, JobState, RolloutCursor, RolloutPace, RolloutPosition } from './state.js';

/**
 * The rollout of a job's thing-group targets (docs/aws-behaviour.md §15): CreateJob records the job
 * and queues its direct thing targets; a durable process then walks the groups' members in chunks
 * and queues one execution per thing. Its progress (the cursor) lives in the job stream, so a
 * crash resumes where the last chunk ended, and two instances cannot both append the same chunk:
 * each appends at the job's stream version.
 */

/** Targets still being rolled out: DescribeJob's `processingTargets`. */
export function processingTargets(job: Job): readonly string[] {
  const rollout = job.rollout;
  if (rollout === undefined) return [];
  return rollout.pace ? rollout.targets.slice(rollout.pace.position.index) : rollout.targets;
}

/**
 * How many targets a paced rollout may notify at `now`: the rate (from the progress so far and the
 * job's succeeded count) less the notifications of the last 60 s. Undefined for an unpaced rollout.
 */
export function pacedAllowance(job: Job, succeeded: number, now: Date): number | undefined {
  const pace = job.rollout?.pace;
  if (pace === undefined) return undefined;
  return rolloutAllowance(paceRate(job, { notified: pace.notified, succeeded }), pace.batches, now);
}

/**
 * Targets per minute. A job paced only because it has maintenance windows (no rollout config) has
 * no limit inside a window: its chunks are as large as the chunk size (docs/aws-behaviour.md §21.6).
 */
function paceRate(job: Job, progress: { notified: number; succeeded: number }): number {
  const config = job.jobExecutionsRolloutConfig;
  return config === undefined ? Number.POSITIVE_INFINITY : rolloutRatePerMinute(config, progress);
}

/** One chunk done: `cursor` is where the next one starts; `done` when the members ran out. */
export function advanceJobRollout(command: AdvanceJobRollout, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job?.rollout === undefined) return [];
  // A job that stopped (canceled, being deleted) rolls out no further.
  const done = data.done || job.status !== 'IN_PROGRESS';
  if (job.rollout.pace && !done) return advancePacedRollout(command, job, job.rollout.pace);
  return [
    {
      type: 'JobRolloutAdvanced',
      data: {
        jobId: job.jobId,
        status: job.status,
        queued: data.queued,
        done,
        ...(done || data.cursor === undefined ? {} : { cursor: data.cursor }),
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/**
 * A paced chunk (docs/aws-behaviour.md §19): it may not notify more than the window allows, and it
 * records when the next target may be notified. A chunk that queued nothing, moved nowhere and
 * would store the same `nextAt` is no event, so the timer's repeated firings settle.
 */
function advancePacedRollout(command: AdvanceJobRollout, job: Job, pace: RolloutPace): JobEvent[] {
  const { data } = command;
  const window = windowOf(job, data.window, data.now);
  // No window will open again (its cron's years are over): the rollout ends here, as it would at an end time.
  if (window?.open === false && window.opensAt === undefined) return advanceJobRollout({ ...command, data: { ...data, done: true } }, { job });
  const succeeded = data.succeeded ?? 0;
  const allowed = window?.open === false ? 0 : (pacedAllowance(job, succeeded, data.now) ?? 0);
  if (data.queued > allowed) {
    throw new DomainError('InvalidRequest', `The rollout of job ${job.jobId} may notify ${allowed} targets now, not ${data.queued}`);
  }
  const at = data.now.toISOString();
  const batches = [...batchesWithin(pace.batches, data.now), ...(data.queued > 0 ? [{ at, count: data.queued }] : [])];
  const rate = paceRate(job, { notified: pace.notified + data.queued, succeeded });
  const byRate = nextRolloutAt(rate, batches, data.now);
  // Inside a window the next chunk comes no later than its close (which then finds it closed);
  // outside, at the next window's start: the stored nextAt is the timer that resumes the rollout.
  const nextAt = (window === undefined ? byRate : window.open ? minDate(byRate, window.closesAt) : window.opensAt!).toISOString();
  const position = data.position ?? pace.position;
  const moved = !samePosition(position, pace.position);
  if (data.queued === 0 && !moved && nextAt === pace.nextAt) return [];
  return [
    {
      type: 'JobRolloutAdvanced',
      data: {
        jobId: job.jobId,
        status: job.status,
        queued: data.queued,
        done: false,
        position,
        nextAt,
        ...(position.index !== pace.position.index ? { processingTargets: job.rollout!.targets.slice(position.index) } : {}),
        at,
        actor: data.actor,
      },
    },
  ];
}

/**
 * The window facts the command brings (the application reads the job's cron expressions through
 * the calendar port) for a job that has windows; a command without them for such a job is a bug.
 */
function windowOf(job: Job, window: WindowAt | undefined, now: Date): WindowAt | undefined {
  if (maintenanceWindowsOf(job.schedulingConfig) === undefined) return undefined;
  if (window === undefined) throw new DomainError('InvalidRequest', `The rollout of job ${job.jobId} needs its maintenance windows' state`);
  // A window that has closed by the time of the command notifies nobody, whatever was read before.
  if (window.open && window.closesAt <= now) return { open: false, opensAt: window.closesAt };
  return window;
}

const minDate = (a: Date, b: Date): Date => (a < b ? a : b);

function samePosition(a: RolloutPosition, b: RolloutPosition): boolean {
  return a.index === b.index && a.after?.groupName === b.after?.groupName && a.after?.thingName === b.after?.thingName;
}

/** The pace after a chunk: the same arithmetic as its decision, so the state and the event agree. */
export function pacedAfter(pace: RolloutPace, data: { queued: number; at: string; position?: RolloutPosition; nextAt?: string }): RolloutPace {
  const now = new Date(data.at);
  return {
    position: data.position ?? pace.position,
    notified: pace.notified + data.queued,
    batches: [...batchesWithin(pace.batches, now), ...(data.queued > 0 ? [{ at: data.at, count: data.queued }] : [])],
    ...(data.nextAt !== undefined ? { nextAt: data.nextAt } : {}),
    ...(pace.unpacedUpTo ? { unpacedUpTo: pace.unpacedUpTo } : {}),
  };
}

/**
 * The rollout after UpdateJob set a rollout config (docs/aws-behaviour.md §19.6). An unpaced group
 * rollout still walking becomes paced from where its walk stands: the same targets, in list order,
 * none of the members it already queued walked again (a re-walk would notify none of them twice,
 * but would append an empty chunk event for every allowance's worth of them). `notified` starts at
 * 0: the exponential rate counts the notifications made under a rate. A paced rollout keeps its pace (the new config applies from
 * the next rate computation); no rollout (done, or none yet) stays none.
 */
export function rolloutUnderConfig(job: Job): Job['rollout'] {
  const rollout = job.rollout;
  if (rollout === undefined || rollout.pace !== undefined) return rollout;
  const unpacedUpTo = rollout.cursor ? { unpacedUpTo: { cursor: rollout.cursor, targets: rollout.targets.length } } : {};
  return { targets: rollout.targets, pace: { position: { index: 0 }, notified: 0, batches: [], ...unpacedUpTo } };
}

/**
 * Where the paced walk of the target at `position` starts: after its stored `after`, or, for a
 * target the unpaced walk had covered, after that walk's cursor. A stored `after` is always past
 * that cursor, as the paced walk of such a target started there.
 */
export function pacedWalkStart(pace: RolloutPace, position: RolloutPosition): RolloutCursor | undefined {
  if (position.after !== undefined) return position.after;
  const unpaced = pace.unpacedUpTo;
  return unpaced !== undefined && position.index < unpaced.targets ? unpaced.cursor : undefined;
}

/** AssociateTargetsWithJob (docs/aws-behaviour.md §15.4): only a CONTINUOUS job in progress gains targets. */
export function associateTargetsWithJob(command: AssociateTargetsWithJob, state: JobState): JobEvent[] {
  const { data } = command;
  const job = state.job;
  if (job === undefined) throw new DomainError('ResourceNotFound', 'Job not found');
  if (job.targetSelection !== 'CONTINUOUS' || job.status !== 'IN_PROGRESS') {
    throw new DomainError(
      'InvalidRequest',
      `Targets can be added only to a CONTINUOUS job in progress; job ${job.jobId} is ${job.targetSelection} and ${job.status}`,
    );
  }
  if (job.rolloutStoppedAt !== undefined) {
    // Its endTime stopped the rollout: a new target would get no execution (DECISIONS.md 55).
    throw new DomainError('InvalidRequest', `The rollout of job ${job.jobId} stopped at its schedulingConfig.endTime; no targets can be added`);
  }
  const known = new Set(job.targets);
  const added = [...new Set(data.targets)].filter((arn) => !known.has(arn));
  added.forEach(parseJobTarget);
  if (known.size + added.length > MAX_ASSOCIATED_JOB_TARGETS) {
    throw new DomainError(
      'LimitExceeded',
      `A job can have at most ${MAX_ASSOCIATED_JOB_TARGETS} targets; it has ${known.size} and ${added.length} would be added`,
    );
  }
  return [
    {
      type: 'JobTargetsAssociated',
      data: {
        jobId: job.jobId,
        status: job.status,
        targets: added,
        ...(data.comment !== undefined ? { comment: data.comment } : {}),
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/** The rollout after targets were added: new groups join it, and its walk starts over (repeats are no-ops). */
export function rolloutWith(job: Job, added: readonly string[]): Job['rollout'] {
  const groups = added.filter((arn) => parseJobTarget(arn).kind === 'group');
  if (groups.length === 0) return job.rollout;
  // A paced rollout still running walks the added groups last, at its pace (DECISIONS.md 45).
  if (job.rollout?.pace) return { ...job.rollout, targets: [...job.rollout.targets, ...groups] };
  return { targets: [...(job.rollout?.targets ?? []), ...groups] };
}

/**
 * Whether every target goes through the paced rollout: with a rollout config (§19) or with
 * maintenance windows (§21.6), direct thing targets included; CreateJob then queues none itself.
 */
export function isPacedJob(job: { jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig; schedulingConfig?: SchedulingConfig }): boolean {
  return job.jobExecutionsRolloutConfig !== undefined || maintenanceWindowsOf(job.schedulingConfig) !== undefined;
}

/** A paced job rolls out every target, in list order; any other only its groups. */
export function initialRollout(
  targets: readonly string[],
  job: { jobExecutionsRolloutConfig?: JobExecutionsRolloutConfig; schedulingConfig?: SchedulingConfig },
): Job['rollout'] {
  if (isPacedJob(job)) return { targets, pace: { position: { index: 0 }, notified: 0, batches: [] } };
  const groups = targets.filter((arn) => parseJobTarget(arn).kind === 'group');
  return groups.length === 0 ? undefined : { targets: groups };
}

export type { RolloutCursor, RolloutPosition };
