import { Command } from '@nestjs/cqrs';
import type { JobExecutionStatus, JobExecutionView, JobView } from '../views.js';

/**
 * The write use cases, as the edges (HTTP, CLI, consumers) submit them to the CommandBus. Inputs are
 * already syntactically valid (the edge checked patterns and lengths); the domain checks the rest.
 * `actor` names the principal on whose behalf the command runs, for the audit trail.
 */

export interface JobSummaryResult {
  jobArn: string;
  jobId: string;
  description?: string;
}

export class CreateJobCommand extends Command<JobSummaryResult> {
  constructor(
    readonly input: {
      jobId: string;
      targets: string[];
      document?: string;
      documentSource?: string;
      description?: string;
      targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
      timeoutConfig?: { inProgressTimeoutInMinutes?: number };
      actor: string;
    },
  ) {
    super();
  }
}

export class CancelJobCommand extends Command<JobSummaryResult> {
  constructor(readonly input: { jobId: string; force: boolean; reasonCode?: string; comment?: string; actor: string }) {
    super();
  }
}

export class DeleteJobCommand extends Command<void> {
  constructor(readonly input: { jobId: string; force: boolean; actor: string }) {
    super();
  }
}

export class CancelJobExecutionCommand extends Command<void> {
  constructor(
    readonly input: {
      thingName: string;
      jobId: string;
      force: boolean;
      expectedVersion?: number;
      statusDetails?: Record<string, string>;
      actor: string;
    },
  ) {
    super();
  }
}

export class DeleteJobExecutionCommand extends Command<void> {
  constructor(
    readonly input: { thingName: string; jobId: string; executionNumber: number; force: boolean; actor: string },
  ) {
    super();
  }
}

/** An execution as the device sees it: the view plus, when asked for, the job document. */
export interface DeviceJobExecution extends JobExecutionView {
  jobDocument?: string;
}

export class StartNextPendingJobExecutionCommand extends Command<{ execution?: DeviceJobExecution }> {
  constructor(
    readonly input: {
      thingName: string;
      statusDetails?: Record<string, string>;
      stepTimeoutInMinutes?: number;
      actor: string;
    },
  ) {
    super();
  }
}

export interface UpdateJobExecutionResult {
  executionState?: { status: JobExecutionStatus; statusDetails: Record<string, string>; versionNumber: number };
  jobDocument?: string;
}

export class UpdateJobExecutionCommand extends Command<UpdateJobExecutionResult> {
  constructor(
    readonly input: {
      thingName: string;
      jobId: string;
      status: JobExecutionStatus;
      statusDetails?: Record<string, string>;
      stepTimeoutInMinutes?: number;
      expectedVersion?: number;
      executionNumber?: number;
      includeJobExecutionState: boolean;
      includeJobDocument: boolean;
      actor: string;
    },
  ) {
    super();
  }
}

export type { JobView };
