import { assertNever } from '../assert-never.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { assertAbortConfig, assertRetryConfig, assertTimeoutConfig } from '../validation.js';
import { changedTags, removedTagKeys, withoutTags, withTags, type ResourceTag } from '../tags/tags.js';
import type { CreateJobTemplate, DeleteJobTemplate, JobTemplateCommand, TagJobTemplate, UntagJobTemplate } from './commands.js';
import type { JobTemplateContent, JobTemplateEvent } from './events.js';

export interface JobTemplate extends JobTemplateContent {
  readonly jobTemplateId: string;
  readonly createdAt: Date;
  /** Absent when the template has no tags. */
  readonly tags?: readonly ResourceTag[];
}

/** `template` is undefined before creation and after deletion (the id may then be reused). */
export interface JobTemplateState {
  readonly template?: JobTemplate;
}

/** Decisions of the job-template aggregate (docs/aws-behaviour.md §18). */
function createJobTemplate({ data }: CreateJobTemplate, state: JobTemplateState): JobTemplateEvent[] {
  if (state.template !== undefined) {
    // AWS answers a taken id with ConflictException (not ResourceAlreadyExists), naming the id.
    throw new DomainError('Conflict', `Job template ${data.jobTemplateId} already exists`, { resourceId: data.jobTemplateId });
  }
  if (data.document === undefined) {
    throw new DomainError('InvalidRequest', 'A job template needs a document (or a jobArn to copy one from)');
  }
  assertTimeoutConfig(data.timeoutConfig);
  assertRetryConfig(data.jobExecutionsRetryConfig);
  assertAbortConfig(data.abortConfig);
  const tags = changedTags([], data.tags ?? []);
  return [
    {
      type: 'JobTemplateCreated',
      data: {
        jobTemplateId: data.jobTemplateId,
        at: data.now.toISOString(),
        actor: data.actor,
        description: data.description,
        document: data.document,
        ...(data.timeoutConfig ? { timeoutConfig: data.timeoutConfig } : {}),
        ...(data.jobExecutionsRetryConfig ? { jobExecutionsRetryConfig: data.jobExecutionsRetryConfig } : {}),
        ...(data.abortConfig ? { abortConfig: data.abortConfig } : {}),
        ...(data.maintenanceWindows ? { maintenanceWindows: data.maintenanceWindows } : {}),
        ...(data.copiedFromJobId !== undefined ? { copiedFromJobId: data.copiedFromJobId } : {}),
        ...(tags.length > 0 ? { tags } : {}),
      },
    },
  ];
}

function existingTemplate(state: JobTemplateState, jobTemplateId: string): JobTemplate {
  if (state.template === undefined) throw new DomainError('ResourceNotFound', `Job template ${jobTemplateId} does not exist`);
  return state.template;
}

/** TagResource on a template (docs/aws-behaviour.md §20): no event when every tag is already held. */
function tagJobTemplate({ data }: TagJobTemplate, state: JobTemplateState): JobTemplateEvent[] {
  const tags = changedTags(existingTemplate(state, data.jobTemplateId).tags ?? [], data.tags);
  if (tags.length === 0) return [];
  return [{ type: 'JobTemplateTagged', data: { jobTemplateId: data.jobTemplateId, at: data.now.toISOString(), actor: data.actor, tags } }];
}

function untagJobTemplate({ data }: UntagJobTemplate, state: JobTemplateState): JobTemplateEvent[] {
  const tagKeys = removedTagKeys(existingTemplate(state, data.jobTemplateId).tags ?? [], data.tagKeys);
  if (tagKeys.length === 0) return [];
  return [{ type: 'JobTemplateUntagged', data: { jobTemplateId: data.jobTemplateId, at: data.now.toISOString(), actor: data.actor, tagKeys } }];
}

function deleteJobTemplate({ data }: DeleteJobTemplate, state: JobTemplateState): JobTemplateEvent[] {
  if (state.template === undefined) {
    throw new DomainError('ResourceNotFound', `Job template ${data.jobTemplateId} does not exist`);
  }
  return [{ type: 'JobTemplateDeleted', data: { jobTemplateId: data.jobTemplateId, at: data.now.toISOString(), actor: data.actor } }];
}

export function decideJobTemplate(command: JobTemplateCommand, state: JobTemplateState): JobTemplateEvent[] {
  switch (command.type) {
    case 'CreateJobTemplate':
      return createJobTemplate(command, state);
    case 'DeleteJobTemplate':
      return deleteJobTemplate(command, state);
    case 'TagJobTemplate':
      return tagJobTemplate(command, state);
    case 'UntagJobTemplate':
      return untagJobTemplate(command, state);
    default:
      return assertNever(command, 'job template command');
  }
}

export function evolveJobTemplate(state: JobTemplateState, event: JobTemplateEvent): JobTemplateState {
  switch (event.type) {
    case 'JobTemplateCreated': {
      const { at, actor: _actor, copiedFromJobId: _copied, ...content } = event.data;
      return { template: { ...content, createdAt: new Date(at) } };
    }
    case 'JobTemplateDeleted':
      return {};
    case 'JobTemplateTagged':
      return retagged(state, (tags) => withTags(tags, event.data.tags));
    case 'JobTemplateUntagged':
      return retagged(state, (tags) => withoutTags(tags, event.data.tagKeys));
    default:
      return assertNever(event, 'job template event');
  }
}

function retagged(state: JobTemplateState, retag: (tags: readonly ResourceTag[]) => ResourceTag[]): JobTemplateState {
  if (state.template === undefined) return state;
  const { tags: current, ...template } = state.template;
  const tags = retag(current ?? []);
  return { template: tags.length > 0 ? { ...template, tags } : template };
}

export const jobTemplateDecider: Decider<JobTemplateState, JobTemplateCommand, JobTemplateEvent> = {
  initialState: () => ({}),
  evolve: evolveJobTemplate,
  decide: decideJobTemplate,
};
