import { assertNever } from '../assert-never.js';
import type { JobCreated, JobEvent } from './events.js';
import { initialRollout, pacedAfter, rolloutUnderConfig, rolloutWith } from './rollout.js';
import type { Job, JobState } from './state.js';
import type { JobRolloutAdvanced } from './events.js';
import { withoutTags, withTags, type ResourceTag } from '../tags/tags.js';

export function evolveJob(state: JobState, event: JobEvent): JobState {
  switch (event.type) {
    case 'JobCreated':
      return { job: created(event) };
    case 'JobStarted': {
      const job = state.job;
      if (job === undefined) return state;
      return change(state, event.data.at, { status: event.data.status, rollout: initialRollout(job.targets, job) });
    }
    case 'JobRolloutStopped': {
      // The rollout is dropped, not closed by a later chunk: nothing may queue after this event.
      if (state.job === undefined) return state;
      const { rollout: _stopped, ...job } = state.job;
      return change({ job }, event.data.at, { rolloutStoppedAt: new Date(event.data.at) });
    }
    case 'JobUpdated': {
      const { jobId: _jobId, status: _status, at, actor: _actor, ...changes } = event.data;
      if (state.job === undefined || changes.jobExecutionsRolloutConfig === undefined) return change(state, at, changes);
      // A rate given to a job without one paces what its rollout still has to do (§19.6).
      const rollout = rolloutUnderConfig(state.job);
      return change(state, at, rollout ? { ...changes, rollout } : changes);
    }
    case 'JobCanceled':
    case 'JobAborted':
      return change(state, event.data.at, {
        status: event.data.status,
        forceCanceled: event.data.force,
        ...(event.data.reasonCode !== undefined ? { reasonCode: event.data.reasonCode } : {}),
        ...(event.data.comment !== undefined ? { comment: event.data.comment } : {}),
      });
    case 'JobCompleted':
      return change(state, event.data.at, { status: event.data.status, completedAt: new Date(event.data.at) });
    case 'JobDeletionStarted':
      return change(state, event.data.at, { status: event.data.status });
    case 'JobDeleted':
      return {};
    case 'JobRolloutAdvanced':
      return advanced(state, event.data);
    case 'JobTargetsAssociated': {
      if (state.job === undefined) return state;
      const job = state.job;
      return change(state, event.data.at, {
        targets: [...job.targets, ...event.data.targets],
        rollout: rolloutWith(job, event.data.targets),
        ...(event.data.comment !== undefined ? { comment: event.data.comment } : {}),
      });
    }
    case 'JobTagged':
      return retagged(state, (tags) => withTags(tags, event.data.tags));
    case 'JobUntagged':
      return retagged(state, (tags) => withoutTags(tags, event.data.tagKeys));
    default:
      return assertNever(event, 'job event');
  }
}

function created(event: JobCreated): Job {
  const { data } = event;
  const at = new Date(data.at);
  return {
    jobId: data.jobId,
    status: data.status,
    targetSelection: data.targetSelection,
    targets: data.targets,
    // A SCHEDULED job rolls nothing out until it starts.
    rollout: data.status === 'SCHEDULED' ? undefined : initialRollout(data.targets, data),
    forceCanceled: false,
    createdAt: at,
    lastUpdatedAt: at,
    ...(data.document !== undefined ? { document: data.document } : {}),
    ...(data.documentSource !== undefined ? { documentSource: data.documentSource } : {}),
    ...(data.description !== undefined ? { description: data.description } : {}),
    ...(data.timeoutConfig ? { timeoutConfig: data.timeoutConfig } : {}),
    ...(data.jobExecutionsRetryConfig ? { jobExecutionsRetryConfig: data.jobExecutionsRetryConfig } : {}),
    ...(data.abortConfig ? { abortConfig: data.abortConfig } : {}),
    ...(data.jobExecutionsRolloutConfig ? { jobExecutionsRolloutConfig: data.jobExecutionsRolloutConfig } : {}),
    ...(data.schedulingConfig ? { schedulingConfig: data.schedulingConfig } : {}),
    ...(data.startAt !== undefined ? { startAt: data.startAt } : {}),
    ...(data.endAt !== undefined ? { endAt: data.endAt } : {}),
    ...(data.jobTemplateArn !== undefined ? { jobTemplateArn: data.jobTemplateArn } : {}),
    ...(data.tags !== undefined ? { tags: data.tags } : {}),
  };
}

/** Tags are no change of the job as DescribeJob shows it: lastUpdatedAt stays. */
function retagged(state: JobState, retag: (tags: readonly ResourceTag[]) => ResourceTag[]): JobState {
  if (state.job === undefined) return state;
  const { tags: current, ...job } = state.job;
  const tags = retag(current ?? []);
  return { job: tags.length > 0 ? { ...job, tags } : job };
}

function change(state: JobState, at: string, patch: Partial<Job>): JobState {
  if (state.job === undefined) return state;
  return { job: { ...state.job, ...patch, lastUpdatedAt: new Date(at) } };
}

/** A rollout's progress is no change of the job as AWS shows it: lastUpdatedAt stays. */
function advanced(state: JobState, data: JobRolloutAdvanced['data']): JobState {
  const job = state.job;
  if (job?.rollout === undefined) return state;
  if (data.done) {
    const { rollout: _done, ...rest } = job;
    return { job: rest };
  }
  if (job.rollout.pace) return { job: { ...job, rollout: { targets: job.rollout.targets, pace: pacedAfter(job.rollout.pace, data) } } };
  return { job: { ...job, rollout: { targets: job.rollout.targets, ...(data.cursor ? { cursor: data.cursor } : {}) } } };
}
