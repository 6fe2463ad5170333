import type { Decider } from '../decider.js';
import type { JobCommand } from './commands.js';
import { decideJob } from './decide.js';
import type { JobEvent } from './events.js';
import { evolveJob } from './evolve.js';
import { initialJobState, type JobState } from './state.js';

export const jobDecider: Decider<JobState, JobCommand, JobEvent> = {
  initialState: initialJobState,
  evolve: evolveJob,
  decide: decideJob,
};
