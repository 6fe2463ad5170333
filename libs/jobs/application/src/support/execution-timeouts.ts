import { Injectable, Logger } from '@nestjs/common';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { ExecutionStreams } from './execution-streams.js';
import { JobProgress } from './job-progress.js';
import { retryOnConflict } from './retry-on-conflict.js';

/**
 * The service side of the timers (§7.7): IN_PROGRESS executions whose deadline has passed become
 * TIMED_OUT. The decider re-checks the deadline on fresh state, so a device update that raced the
 * sweep (and moved or cleared the timer) wins.
 */
@Injectable()
export class ExecutionTimeouts {
  private readonly logger = new Logger(ExecutionTimeouts.name);

  constructor(
    private readonly readModel: JobsReadModel,
    private readonly executions: ExecutionStreams,
    private readonly progress: JobProgress,
  ) {}

  /** Times out what is due at `now`; returns how many executions it timed out. */
  async sweep(now: Date = new Date(), limit = 500): Promise<number> {
    let timedOut = 0;
    for (const due of await this.readModel.dueTimeouts(now, limit)) {
      try {
        const events = await retryOnConflict(
          () =>
            this.executions.execute(due.jobId, due.thingName, {
              type: 'TimeOutJobExecution',
              data: { executionNumber: due.executionNumber, actor: 'service', now },
            }),
          { pinned: false },
        );
        if (events.length === 0) continue;
        timedOut += 1;
        await this.progress.executionEnded(due.jobId, due.thingName, 'TIMED_OUT');
      } catch (error) {
        this.logger.error(`Timing out ${due.jobId}/${due.thingName} failed: ${String(error)}`);
      }
    }
    return timedOut;
  }
}
