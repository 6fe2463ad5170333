import {
  CancelJobCommand,
  CancelJobExecutionCommand,
  CreateJobCommand,
  DeleteJobCommand,
  DeleteJobExecutionCommand,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
  type JobExecutionStatus,
} from '#jobs/application';
import { jobExecutionStreamId, jobStreamId } from '#jobs/domain';

/** Builders of the commands the scenarios send, with the defaults a plain request has. */

export const OPERATOR = 'operator';
export const DEVICE = 'device';
export const DOCUMENT = '{"operation":"reboot"}';

export const thingArn = (thingName: string): string => `arn:aws:iot:eu-west-1:123456789012:thing/${thingName}`;
export const jobStream = (jobId: string): string => jobStreamId(jobId);
export const executionStream = (jobId: string, thingName: string): string => jobExecutionStreamId(jobId, thingName);
/** An instant `minutes` after `from`. */
export const minutesAfter = (from: Date, minutes: number): Date => new Date(from.getTime() + minutes * 60_000);

export type CreateJobInput = CreateJobCommand['input'];
type UpdateInput = UpdateJobExecutionCommand['input'];
type CancelExecutionInput = CancelJobExecutionCommand['input'];
type StartNextInput = StartNextPendingJobExecutionCommand['input'];

export const createJob = (jobId: string, thingNames: readonly string[], input: Partial<CreateJobInput> = {}) =>
  new CreateJobCommand({ jobId, targets: thingNames.map(thingArn), document: DOCUMENT, actor: OPERATOR, ...input });

export const cancelJob = (jobId: string, input: Partial<CancelJobCommand['input']> = {}) =>
  new CancelJobCommand({ jobId, force: false, actor: OPERATOR, ...input });

export const deleteJob = (jobId: string, force = false) => new DeleteJobCommand({ jobId, force, actor: OPERATOR });

export const startNext = (thingName: string, input: Partial<StartNextInput> = {}) =>
  new StartNextPendingJobExecutionCommand({ thingName, actor: DEVICE, ...input });

export const updateExecution = (jobId: string, thingName: string, status: JobExecutionStatus, input: Partial<UpdateInput> = {}) =>
  new UpdateJobExecutionCommand({ jobId, thingName, status, includeJobExecutionState: false, includeJobDocument: false, actor: DEVICE, ...input });

export const cancelExecution = (jobId: string, thingName: string, input: Partial<CancelExecutionInput> = {}) =>
  new CancelJobExecutionCommand({ jobId, thingName, force: false, actor: OPERATOR, ...input });

export const deleteExecution = (jobId: string, thingName: string, executionNumber: number, force = false) =>
  new DeleteJobExecutionCommand({ jobId, thingName, executionNumber, force, actor: OPERATOR });
