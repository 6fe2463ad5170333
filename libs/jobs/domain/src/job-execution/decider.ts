import { assertNever } from '../assert-never.js';
import type { Decider } from '../decider.js';
import type { JobExecutionCommand } from './commands.js';
import { startJobExecution, updateJobExecution } from './decide-device.js';
import {
  cancelJobExecution,
  deleteJobExecution,
  purgeJobExecutions,
  queueJobExecution,
  removeJobExecution,
  retryJobExecution,
  timeOutJobExecution,
} from './decide-service.js';
import type { JobExecutionEvent } from './events.js';
import { evolveJobExecution } from './evolve.js';
import { initialJobExecutionState, type JobExecutionState } from './state.js';

export function decideJobExecution(command: JobExecutionCommand, state: JobExecutionState): JobExecutionEvent[] {
  switch (command.type) {
    case 'QueueJobExecution':
      return queueJobExecution(command, state);
    case 'RetryJobExecution':
      return retryJobExecution(command, state);
    case 'StartJobExecution':
      return startJobExecution(command, state);
    case 'UpdateJobExecution':
      return updateJobExecution(command, state);
    case 'CancelJobExecution':
      return cancelJobExecution(command, state);
    case 'TimeOutJobExecution':
      return timeOutJobExecution(command, state);
    case 'DeleteJobExecution':
      return deleteJobExecution(command, state);
    case 'RemoveJobExecution':
      return removeJobExecution(command, state);
    case 'PurgeJobExecutions':
      return purgeJobExecutions(command, state);
    default:
      return assertNever(command, 'job-execution command');
  }
}

export const jobExecutionDecider: Decider<JobExecutionState, JobExecutionCommand, JobExecutionEvent> = {
  initialState: initialJobExecutionState,
  evolve: evolveJobExecution,
  decide: decideJobExecution,
};
