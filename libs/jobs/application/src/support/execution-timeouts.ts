import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../ports/clock.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { SERVICE_ACTOR } from '../reactions/reaction.js';
import { ExecutionStreams } from './execution-streams.js';

/**
 * The service side of the timers (docs/aws-behaviour.md §7.7), a durable timer: each IN_PROGRESS
 * execution's deadline is stored by the event that set it (and kept in the read model), found by
 * a query, and fired through the decider, which re-checks it on fresh state, so a device update
 * that raced the sweep (and moved or cleared the timer) wins and a repeated firing is a no-op.
 * What follows a timeout (retry, job completion) is the job-progress reaction's.
 */
@Injectable()
export class ExecutionTimeouts {
  private readonly logger = new Logger(ExecutionTimeouts.name);

  constructor(
    private readonly readModel: JobsReadModel,
    private readonly executions: ExecutionStreams,
    private readonly clock: Clock,
  ) {}

  /** Times out what is due now; returns how many executions it timed out. */
  async sweep(limit = 500): Promise<number> {
    const now = this.clock.now();
    let timedOut = 0;
    for (const due of await this.readModel.dueTimeouts(now, limit)) {
      try {
        const events = await this.executions.decide(due.jobId, due.thingName, (at) => ({
          type: 'TimeOutJobExecution',
          data: { executionNumber: due.executionNumber, actor: SERVICE_ACTOR, now: at },
        }));
        if (events.length > 0) timedOut += 1;
      } catch (error) {
        this.logger.error(`Timing out ${due.jobId}/${due.thingName} failed: ${String(error)}`);
      }
    }
    return timedOut;
  }
}
