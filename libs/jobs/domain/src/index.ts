/** Public API of the jobs domain: pure deciders, their events and commands, and domain rules. */
export * from './errors.js';
export { assertNever } from './assert-never.js';
export * from './decider.js';
export * from './statuses.js';
export * from './stream-ids.js';
export * from './job-config.js';
export * from './validation.js';

export type * from './job-execution/events.js';
export type * from './job-execution/commands.js';
export * from './job-execution/state.js';
export { evolveJobExecution } from './job-execution/evolve.js';
export { decideJobExecution, jobExecutionDecider } from './job-execution/decider.js';
export {
  addMinutes,
  expiredTimer,
  inProgressDeadline,
  nextStepDeadline,
  secondsBeforeTimedOut,
  type ExpiredTimer,
} from './job-execution/timers.js';
export { retryAllowed } from './job-execution/retry.js';

export type * from './job/events.js';
export type * from './job/commands.js';
export * from './job/state.js';
export { evolveJob } from './job/evolve.js';
export { decideJob, isJobComplete, MAX_JOB_DELETIONS_IN_PROGRESS } from './job/decide.js';
export { jobDecider } from './job/decider.js';
export * from './job/cancellation.js';
export * from './job/abort.js';
export * from './job/process-details.js';
export { isPacedJob, pacedAllowance, pacedWalkStart, processingTargets } from './job/rollout.js';
export * from './job/maintenance-windows.js';
export * from './job/rollout-rate.js';
export {
  endBehaviorOf,
  MAX_SCHEDULE_END_DAYS,
  MAX_SCHEDULE_LEAD_DAYS,
  MIN_SCHEDULE_LEAD_MINUTES,
  parseScheduleTime,
  SCHEDULED_END_REASON_CODE,
  scheduledEnd,
  scheduledStart,
} from './job/schedule.js';

export * from './thing/attributes.js';
export type * from './thing/events.js';
export type * from './thing/commands.js';
export * from './thing/state.js';
export { decideThing, MAX_GROUPS_PER_THING } from './thing/decide.js';
export { evolveThing, thingDecider } from './thing/evolve.js';

export type * from './thing-group/events.js';
export type * from './thing-group/commands.js';
export * from './thing-group/state.js';
export { decideThingGroup, MAX_CHILD_GROUPS, MAX_GROUP_ATTRIBUTES, MAX_GROUP_DEPTH } from './thing-group/decide.js';
export { evolveThingGroup, thingGroupDecider } from './thing-group/evolve.js';
export {
  decodeJobExecutionState,
  encodeJobExecutionState,
  jobExecutionStateFrom,
  JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION,
} from './job-execution/snapshot.js';

export type * from './job-template/events.js';
export type * from './job-template/commands.js';
export { jobTemplateDecider, type JobTemplate, type JobTemplateState } from './job-template/decider.js';
export { jobTemplateIdOfArn } from './job-template/arn.js';

export * from './tags/tags.js';
export * from './tags/taggable-arn.js';
