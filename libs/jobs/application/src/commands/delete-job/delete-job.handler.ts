import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { JobExecutionCommand } from '#jobs/domain';
import { EventStore, type StreamWrite } from '../../ports/event-store.port.js';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobStreams } from '../../support/job-streams.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { DeleteJobCommand } from './delete-job.command.js';

/**
 * Deletes the job and every execution of it in one transaction. The job passes through
 * DELETION_IN_PROGRESS in its history (as in AWS), but readers never see it half deleted.
 */
@CommandHandler(DeleteJobCommand)
export class DeleteJobHandler implements ICommandHandler<DeleteJobCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly store: EventStore,
  ) {}

  async execute({ input }: DeleteJobCommand): Promise<void> {
    await retryOnConflict(async () => {
      const now = new Date();
      const { actor, force } = input;
      const job = await this.jobs.load(input.jobId);
      const started = this.jobs.plan(job, { type: 'DeleteJob', data: { force, actor, now } });
      const writes: StreamWrite[] = [];
      for (const key of await this.readModel.executionKeysOfJob(input.jobId)) {
        const loaded = await this.executions.load(key.jobId, key.thingName);
        const deletions: JobExecutionCommand[] = loaded.state.executions.map((execution) => ({
          type: 'DeleteJobExecution',
          data: { executionNumber: execution.executionNumber, force: true, actor, now },
        }));
        const { write } = this.executions.plan(loaded, ...deletions);
        if (write) writes.push(write);
      }
      const finished = this.jobs.plan(
        { ...job, state: started.state, version: job.version + started.events.length },
        { type: 'FinishJobDeletion', data: { actor, now } },
      );
      const jobEvents = [...(started.write?.events ?? []), ...(finished.write?.events ?? [])];
      writes.unshift({ streamId: job.streamId, expectedVersion: job.version, streamType: 'job', events: jobEvents });
      await this.store.appendMany(writes);
    }, { pinned: false });
  }
}
