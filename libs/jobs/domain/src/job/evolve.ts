import { assertNever } from '../assert-never.js';
import { parseThingArn } from '../validation.js';
import type { JobCreated, JobEvent } from './events.js';
import type { Job, JobState } from './state.js';

export function evolveJob(state: JobState, event: JobEvent): JobState {
  switch (event.type) {
    case 'JobCreated':
      return { job: created(event) };
    case 'JobUpdated': {
      const { jobId: _jobId, status: _status, at, actor: _actor, ...changes } = event.data;
      return change(state, at, changes);
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
    targets: data.targets.map(parseThingArn),
    forceCanceled: false,
    createdAt: at,
    lastUpdatedAt: at,
    ...(data.document !== undefined ? { document: data.document } : {}),
    ...(data.documentSource !== undefined ? { documentSource: data.documentSource } : {}),
    ...(data.description !== undefined ? { description: data.description } : {}),
    ...(data.timeoutConfig ? { timeoutConfig: data.timeoutConfig } : {}),
    ...(data.jobExecutionsRetryConfig ? { jobExecutionsRetryConfig: data.jobExecutionsRetryConfig } : {}),
    ...(data.abortConfig ? { abortConfig: data.abortConfig } : {}),
    ...(data.jobTemplateArn !== undefined ? { jobTemplateArn: data.jobTemplateArn } : {}),
  };
}

function change(state: JobState, at: string, patch: Partial<Job>): JobState {
  if (state.job === undefined) return state;
  return { job: { ...state.job, ...patch, lastUpdatedAt: new Date(at) } };
}
