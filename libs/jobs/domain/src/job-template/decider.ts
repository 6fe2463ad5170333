import { assertNever } from '../assert-never.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import { assertAbortConfig, assertRetryConfig, assertTimeoutConfig } from '../validation.js';
import type { CreateJobTemplate, DeleteJobTemplate, JobTemplateCommand } from './commands.js';
import type { JobTemplateContent, JobTemplateEvent } from './events.js';

export interface JobTemplate extends JobTemplateContent {
  readonly jobTemplateId: string;
  readonly createdAt: Date;
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
        ...(data.copiedFromJobId !== undefined ? { copiedFromJobId: data.copiedFromJobId } : {}),
      },
    },
  ];
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
    default:
      return assertNever(command, 'job template command');
  }
}

export function evolveJobTemplate(_state: JobTemplateState, event: JobTemplateEvent): JobTemplateState {
  switch (event.type) {
    case 'JobTemplateCreated': {
      const { at, actor: _actor, copiedFromJobId: _copied, ...content } = event.data;
      return { template: { ...content, createdAt: new Date(at) } };
    }
    case 'JobTemplateDeleted':
      return {};
    default:
      return assertNever(event, 'job template event');
  }
}

export const jobTemplateDecider: Decider<JobTemplateState, JobTemplateCommand, JobTemplateEvent> = {
  initialState: () => ({}),
  evolve: evolveJobTemplate,
  decide: decideJobTemplate,
};
