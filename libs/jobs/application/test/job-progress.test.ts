import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PENDING_COUNT_CAP, type EventStore, type JobsReadModel } from '#jobs/application';
import { ExecutionStreams } from '../src/support/execution-streams.js';
import { JobProgress } from '../src/support/job-progress.js';
import type { JobStreams } from '../src/support/job-streams.js';

/**
 * JobProgress's completion check after an ending, with fakes (a pure unit): the probe of the read
 * model is skipped only when the ending's own append saw at least the cap of other pending
 * executions.
 */
function progressWith(otherPending: number | undefined) {
  let probes = 0;
  const executions = { otherPendingAfterLastWrite: () => otherPending } as unknown as ExecutionStreams;
  const readModel = { hasPendingExecution: async () => ((probes += 1), true) } as unknown as JobsReadModel;
  const progress = new JobProgress({} as JobStreams, executions, readModel, {} as EventStore);
  return { progress, probes: () => probes };
}

describe('JobProgress after an execution ended', () => {
  it('skips the completion probe when the ending saw the cap of other pending executions', async () => {
    const { progress, probes } = progressWith(PENDING_COUNT_CAP);
    await progress.executionEnded('job', 'thing', 'CANCELED');
    assert.equal(probes(), 0);
  });

  it('probes when fewer were pending, or when the append could not tell', async () => {
    for (const otherPending of [PENDING_COUNT_CAP - 1, 0, undefined]) {
      const { progress, probes } = progressWith(otherPending);
      await progress.executionEnded('job', 'thing', 'CANCELED');
      assert.equal(probes(), 1, `otherPending ${otherPending}`);
    }
  });
});
