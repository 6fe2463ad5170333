import type { Message } from '../decider.js';
import type { AbortConfig, JobExecutionsRetryConfig, MaintenanceWindow, TimeoutConfig } from '../job-config.js';
import type { Actor } from '../statuses.js';
import type { ResourceTag } from '../tags/tags.js';

/** What a job created from a template inherits (docs/aws-behaviour.md §18). */
export interface JobTemplateContent {
  readonly description: string;
  readonly document: string;
  readonly timeoutConfig?: TimeoutConfig;
  readonly jobExecutionsRetryConfig?: JobExecutionsRetryConfig;
  readonly abortConfig?: AbortConfig;
  /** The only part of a scheduling config a template carries (docs/aws-behaviour.md §21.8). */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
}

/** Events of one template stream (`job-template/<jobTemplateId>`). Times are ISO-8601 strings. */
export interface JobTemplateEventData {
  readonly jobTemplateId: string;
  readonly at: string;
  readonly actor: Actor;
}

export type JobTemplateCreated = Message<
  'JobTemplateCreated',
  JobTemplateEventData &
    JobTemplateContent & {
      /** The job whose document and configurations were copied (CreateJobTemplate with jobArn). */
      readonly copiedFromJobId?: string;
      /** The template's own tags (a job created from it does not inherit them); absent when none. */
      readonly tags?: readonly ResourceTag[];
    }
>;

/** The template is gone and its id free again; jobs created from it keep what they copied. */
export type JobTemplateDeleted = Message<'JobTemplateDeleted', JobTemplateEventData>;

/** TagResource: only the tags that changed something (new keys, new values). */
export type JobTemplateTagged = Message<'JobTemplateTagged', JobTemplateEventData & { readonly tags: readonly ResourceTag[] }>;

/** UntagResource: only the keys the template held. */
export type JobTemplateUntagged = Message<'JobTemplateUntagged', JobTemplateEventData & { readonly tagKeys: readonly string[] }>;

export type JobTemplateEvent = JobTemplateCreated | JobTemplateDeleted | JobTemplateTagged | JobTemplateUntagged;

export type JobTemplateEventType = JobTemplateEvent['type'];
