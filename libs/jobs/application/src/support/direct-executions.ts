import { initialJobExecutionState, jobExecutionStreamId, parseJobTarget, type JobExecutionState, type TimeoutConfig } from '#jobs/domain';
import type { StreamWrite } from '../ports/event-store.port.js';
import type { ExecutionStreams, LoadedExecutionStream } from './execution-streams.js';

export interface PlannedExecution {
  readonly write: StreamWrite;
  readonly state: JobExecutionState;
}

/**
 * The QUEUED executions of a job's directly targeted things, as it starts (at CreateJob, or when a
 * scheduled job's startTime comes): the caller appends them with the job's own event, in one
 * transaction. A paced job (a rollout config, or maintenance windows) queues none here: its paced
 * rollout notifies every target (docs/aws-behaviour.md §19, §21.6). `firstUse`: the jobId never had execution streams, so none is read.
 */
export async function planDirectExecutions(
  executions: ExecutionStreams,
  job: { jobId: string; targets: readonly string[]; paced: boolean; timeoutConfig?: TimeoutConfig; actor: string; now: Date; firstUse: boolean },
): Promise<PlannedExecution[]> {
  if (job.paced) return [];
  const planned: PlannedExecution[] = [];
  for (const arn of job.targets) {
    const target = parseJobTarget(arn);
    if (target.kind !== 'thing') continue;
    const { thingName } = target;
    const loaded: LoadedExecutionStream = job.firstUse
      ? { streamId: jobExecutionStreamId(job.jobId, thingName), state: initialJobExecutionState(), version: 0 }
      : await executions.load(job.jobId, thingName);
    const { write, state } = executions.plan(loaded, {
      type: 'QueueJobExecution',
      data: {
        jobId: job.jobId,
        thingName,
        thingArn: arn,
        reason: 'ROLLOUT',
        actor: job.actor,
        now: job.now,
        ...(job.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {}),
      },
    });
    if (write) planned.push({ write, state });
  }
  return planned;
}
