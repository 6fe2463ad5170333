import { changedTags, removedTagKeys } from '../tags/tags.js';
import type { TagJob, UntagJob } from './commands.js';
import type { JobEvent } from './events.js';
import { existingJob, type JobState } from './state.js';

/** TagResource on a job (docs/aws-behaviour.md §20): no event when every tag is already held. */
export function tagJob({ data }: TagJob, state: JobState): JobEvent[] {
  const job = existingJob(state);
  const tags = changedTags(job.tags ?? [], data.tags);
  if (tags.length === 0) return [];
  return [{ type: 'JobTagged', data: { jobId: job.jobId, status: job.status, at: data.now.toISOString(), actor: data.actor, tags } }];
}

/** UntagResource on a job: no event when the job holds none of the keys. */
export function untagJob({ data }: UntagJob, state: JobState): JobEvent[] {
  const job = existingJob(state);
  const tagKeys = removedTagKeys(job.tags ?? [], data.tagKeys);
  if (tagKeys.length === 0) return [];
  return [{ type: 'JobUntagged', data: { jobId: job.jobId, status: job.status, at: data.now.toISOString(), actor: data.actor, tagKeys } }];
}
