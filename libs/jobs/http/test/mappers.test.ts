import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  toCpDescribeJobResponse,
  toCpJobExecution,
  toCpJobSummary,
  toCpSummaryForJob,
  toDpJobExecution,
  toDpJobExecutionSummary,
  toDpUpdateResponse,
} from '#jobs/http';
import { executionView, jobView, queuedExecutionView, STARTED_AT } from './support/views.js';

const NOW = new Date(STARTED_AT.getTime() + 60_000);

function assertNoNullish(value: unknown, path = '$'): void {
  assert.notEqual(value, null, `${path} is null`);
  assert.notEqual(value, undefined, `${path} is undefined`);
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) assertNoNullish(inner, `${path}.${key}`);
  }
}

describe('control-plane mappers', () => {
  it('writes epoch seconds with the milliseconds as a fraction', () => {
    const wire = toCpJobExecution(executionView(), NOW);
    assert.equal(wire.startedAt, STARTED_AT.getTime() / 1000);
    assert.equal(wire.queuedAt, 1772359200.123);
    assert.deepEqual(wire.statusDetails, { detailsMap: { progress: '10' } });
    assert.equal('thingName' in wire, false);
  });

  it('gives approximateSecondsBeforeTimedOut only while a timer runs on a live execution', () => {
    const deadline = new Date(NOW.getTime() + 90_500);
    assert.equal(toCpJobExecution(executionView({ timeoutAt: deadline }), NOW).approximateSecondsBeforeTimedOut, 91);
    assert.equal('approximateSecondsBeforeTimedOut' in toCpJobExecution(executionView(), NOW), false);
    const terminal = toCpJobExecution(executionView({ status: 'SUCCEEDED', timeoutAt: deadline }), NOW);
    assert.equal('approximateSecondsBeforeTimedOut' in terminal, false);
  });

  it('leaves out absent optional members instead of writing null or undefined', () => {
    const queued = toCpJobExecution(queuedExecutionView(), NOW);
    assert.equal('startedAt' in queued, false);
    assertNoNullish(queued);
    const described = toCpDescribeJobResponse(jobView({ description: undefined }));
    assert.equal('documentSource' in described, false);
    assertNoNullish(described);
    assertNoNullish(toCpJobSummary(jobView()));
  });

  it('summaries carry retryAttempt and no versionNumber', () => {
    const summary = toCpSummaryForJob(executionView({ retryAttempt: 3 }));
    assert.equal(summary.jobExecutionSummary.retryAttempt, 3);
    assert.equal('versionNumber' in summary.jobExecutionSummary, false);
  });
});

describe('data-plane mappers', () => {
  it('writes whole epoch seconds, a flat statusDetails and the thing name', () => {
    const wire = toDpJobExecution({ ...executionView(), jobDocument: '{"a":1}' }, NOW);
    assert.equal(wire.startedAt, Math.floor(STARTED_AT.getTime() / 1000));
    assert.ok(Number.isInteger(wire.queuedAt) && Number.isInteger(wire.lastUpdatedAt));
    assert.deepEqual(wire.statusDetails, { progress: '10' });
    assert.equal(wire.thingName, 'thing-1');
    assert.equal(wire.jobDocument, '{"a":1}');
    assert.equal('thingArn' in wire, false);
    assert.equal('forceCanceled' in wire, false);
  });

  it('summaries have versionNumber but no status and no retryAttempt', () => {
    const summary = toDpJobExecutionSummary(queuedExecutionView());
    assert.deepEqual(Object.keys(summary).sort(), ['executionNumber', 'jobId', 'lastUpdatedAt', 'queuedAt', 'versionNumber']);
  });

  it('UpdateJobExecution answers {} unless state or document were asked for', () => {
    assert.deepEqual(toDpUpdateResponse({}), {});
    assert.deepEqual(toDpUpdateResponse({ executionState: { status: 'SUCCEEDED', statusDetails: { a: 'b' }, versionNumber: 4 } }), {
      executionState: { status: 'SUCCEEDED', statusDetails: { a: 'b' }, versionNumber: 4 },
    });
  });
});
