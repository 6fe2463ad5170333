import { DomainError, jobTemplateIdOfArn } from '#jobs/domain';
import { definedMembers } from '../../support/defined.js';
import type { JobTemplateStreams } from '../../support/job-template-streams.js';
import type { CreateJobCommand } from './create-job.command.js';

type CreateJobInput = CreateJobCommand['input'];

/**
 * CreateJob with `jobTemplateArn`: the template supplies the document and its configurations, and
 * each configuration given in the request replaces the template's whole (docs/aws-behaviour.md §18).
 * The template's maintenance windows become the job's `schedulingConfig.maintenanceWindows` unless
 * the request's schedulingConfig has its own (§21.8); its startTime is the request's.
 * The description is the job's own and is not inherited. The template is read from its stream, so
 * a template created just before is found.
 */
export async function withTemplate(input: CreateJobInput, templates: JobTemplateStreams): Promise<CreateJobInput> {
  if (input.jobTemplateArn === undefined) return input;
  if (input.document !== undefined) {
    throw new DomainError('InvalidRequest', 'document cannot be given together with jobTemplateArn: the template supplies it');
  }
  const jobTemplateId = jobTemplateIdOfArn(input.jobTemplateArn);
  const { template } = (await templates.load(jobTemplateId)).state;
  if (template === undefined) throw new DomainError('ResourceNotFound', `Job template ${jobTemplateId} does not exist`);
  // The template's windows fill schedulingConfig.maintenanceWindows unless the request gives its own.
  const windows = input.schedulingConfig?.maintenanceWindows ?? template.maintenanceWindows;
  return {
    ...(template.timeoutConfig ? { timeoutConfig: template.timeoutConfig } : {}),
    ...(template.jobExecutionsRetryConfig ? { jobExecutionsRetryConfig: template.jobExecutionsRetryConfig } : {}),
    ...(template.abortConfig ? { abortConfig: template.abortConfig } : {}),
    ...definedMembers(input),
    ...(windows !== undefined ? { schedulingConfig: { ...input.schedulingConfig, maintenanceWindows: windows } } : {}),
    jobId: input.jobId,
    targets: input.targets,
    actor: input.actor,
    document: template.document,
  };
}
