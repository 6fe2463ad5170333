import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cancelJobExecutionRequest,
  createJobRequest,
  describeDeviceJobExecutionRequest,
  InvalidRequestError,
  listJobExecutionsForThingRequest,
  listJobsRequest,
  parseOrThrow,
  startNextPendingJobExecutionRequest,
  updateJobExecutionRequest,
} from '#jobs/http';

/** Each case names the request, the part that differs from a valid one, and whether it passes. */
type Case = [label: string, accepted: boolean, request: Record<string, unknown>];

function expectCases(schema: Parameters<typeof parseOrThrow>[0], cases: Case[], field: string): void {
  for (const [label, accepted, request] of cases) {
    it(`${label} → ${accepted ? 'accepted' : '400'}`, () => {
      if (accepted) {
        parseOrThrow(schema, request);
        return;
      }
      assert.throws(
        () => parseOrThrow(schema, request),
        (error: unknown) => error instanceof InvalidRequestError && error.message.includes(`'${field}`),
      );
    });
  }
}

const THING_ARN = 'arn:aws:iot:us-east-1:123456789012:thing/t1';
const createJob = (params: object, body: object) => ({
  params: { jobId: 'job-1', ...params },
  query: {},
  body: { targets: [THING_ARN], document: '{}', ...body },
});
const cancelExecution = (params: object, query: object, body: object = {}) => ({
  params: { thingName: 't1', jobId: 'job-1', ...params },
  query,
  body,
});
const update = (body: object) => ({ params: { thingName: 't1', jobId: 'job-1' }, query: {}, body: { status: 'SUCCEEDED', ...body } });

describe('jobId', () => {
  expectCases(
    createJobRequest,
    [
      ['64 characters', true, createJob({ jobId: 'j'.repeat(64) }, {})],
      ['65 characters', false, createJob({ jobId: 'j'.repeat(65) }, {})],
      ['empty (an empty path label)', false, createJob({ jobId: '' }, {})],
      ['with a dot', false, createJob({ jobId: 'job.1' }, {})],
      ['$next outside the data-plane describe', false, createJob({ jobId: '$next' }, {})],
    ],
    'jobId',
  );
});

describe('thingName', () => {
  expectCases(
    cancelJobExecutionRequest,
    [
      ['128 characters with colons', true, cancelExecution({ thingName: `a:${'b'.repeat(126)}` }, {})],
      ['129 characters', false, cancelExecution({ thingName: 'b'.repeat(129) }, {})],
      ['empty', false, cancelExecution({ thingName: '' }, {})],
      ['with a slash', false, cancelExecution({ thingName: 'a/b' }, {})],
    ],
    'thingName',
  );
});

describe('statusDetails', () => {
  const pairs = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
  expectCases(
    cancelJobExecutionRequest,
    [
      ['10 pairs', true, cancelExecution({}, {}, { statusDetails: pairs(10) })],
      ['11 pairs', false, cancelExecution({}, {}, { statusDetails: pairs(11) })],
      ['empty map (clears the details)', true, cancelExecution({}, {}, { statusDetails: {} })],
      ['key with a space', false, cancelExecution({}, {}, { statusDetails: { 'bad key': 'v' } })],
      ['key of 129 characters', false, cancelExecution({}, {}, { statusDetails: { ['k'.repeat(129)]: 'v' } })],
      ['empty value', false, cancelExecution({}, {}, { statusDetails: { k: '' } })],
      ['value of 1024 characters', true, cancelExecution({}, {}, { statusDetails: { k: 'v'.repeat(1024) } })],
      ['value of 1025 characters', false, cancelExecution({}, {}, { statusDetails: { k: 'v'.repeat(1025) } })],
      ['control character in a value', false, cancelExecution({}, {}, { statusDetails: { k: 'line\nbreak' } })],
      ['unicode letters in a value', true, cancelExecution({}, {}, { statusDetails: { k: 'Größe ✓' } })],
      ['number as a value', false, cancelExecution({}, {}, { statusDetails: { k: 3 } })],
      ['a list instead of a map', false, cancelExecution({}, {}, { statusDetails: ['k'] })],
    ],
    'statusDetails',
  );
});

describe('query booleans and integers', () => {
  expectCases(
    cancelJobExecutionRequest,
    [
      ['force=true', true, cancelExecution({}, { force: 'true' })],
      ['force=false', true, cancelExecution({}, { force: 'false' })],
      ['force=maybe', false, cancelExecution({}, { force: 'maybe' })],
      ['force=1', false, cancelExecution({}, { force: '1' })],
      ['force repeated', false, cancelExecution({}, { force: ['true', 'false'] })],
    ],
    'force',
  );
  expectCases(
    cancelJobExecutionRequest,
    [
      ['expectedVersion 0', true, cancelExecution({}, {}, { expectedVersion: 0 })],
      ['negative expectedVersion', false, cancelExecution({}, {}, { expectedVersion: -1 })],
      ['fractional expectedVersion', false, cancelExecution({}, {}, { expectedVersion: 1.5 })],
      ['expectedVersion as a string', false, cancelExecution({}, {}, { expectedVersion: '3' })],
    ],
    'expectedVersion',
  );
  const list = (maxResults: unknown) => ({ params: { thingName: 't1' }, query: { maxResults }, body: undefined });
  expectCases(
    listJobExecutionsForThingRequest,
    [
      ['maxResults 0', false, list('0')],
      ['maxResults 1', true, list('1')],
      ['maxResults 250', true, list('250')],
      ['maxResults 251', false, list('251')],
      ['maxResults abc', false, list('abc')],
    ],
    'maxResults',
  );
  const describeNext = (executionNumber: string) => ({
    params: { thingName: 't1', jobId: '$next' },
    query: { executionNumber },
    body: undefined,
  });
  expectCases(
    describeDeviceJobExecutionRequest,
    [
      ['executionNumber 0 with $next', true, describeNext('0')],
      ['executionNumber -1', false, describeNext('-1')],
      ['executionNumber 1e3', false, describeNext('1e3')],
    ],
    'executionNumber',
  );
});

describe('step timeouts', () => {
  expectCases(
    updateJobExecutionRequest,
    [
      ['−1 cancels the step timer on UpdateJobExecution', true, update({ stepTimeoutInMinutes: -1 })],
      ['0', false, update({ stepTimeoutInMinutes: 0 })],
      ['10080', true, update({ stepTimeoutInMinutes: 10080 })],
      ['10081', false, update({ stepTimeoutInMinutes: 10081 })],
    ],
    'stepTimeoutInMinutes',
  );
  const startNext = (stepTimeoutInMinutes: number) => ({ params: { thingName: 't1' }, query: {}, body: { stepTimeoutInMinutes } });
  expectCases(
    startNextPendingJobExecutionRequest,
    [
      ['StartNext 1', true, startNext(1)],
      ['StartNext −1', false, startNext(-1)],
    ],
    'stepTimeoutInMinutes',
  );
});

describe('UpdateJobExecution body', () => {
  expectCases(updateJobExecutionRequest, [['a status outside the enum', false, update({ status: 'DONE' })]], 'status');
  expectCases(updateJobExecutionRequest, [['includeJobDocument as a string', false, update({ includeJobDocument: 'true' })]], 'includeJobDocument');
  it('names the missing required status', () => {
    assert.throws(
      () => parseOrThrow(updateJobExecutionRequest, { params: { thingName: 't1', jobId: 'j' }, query: {}, body: {} }),
      /1 validation error detected: Value null at 'status' failed to satisfy constraint: Member must not be null/,
    );
  });
  it('accepts a missing body where none is required', () => {
    const parsed = parseOrThrow(startNextPendingJobExecutionRequest, { params: { thingName: 't1' }, query: {}, body: undefined });
    assert.deepEqual(parsed.body, {});
  });
  it('refuses members it does not know by name, nested ones with their path, rather than dropping them', () => {
    assert.throws(
      () => parseOrThrow(updateJobExecutionRequest, update({ somethingNew: 1, other: 2 })),
      /: 2 validation errors detected: somethingNew is not supported by this service; other is not supported by this service$/,
    );
    assert.throws(
      () => parseOrThrow(startNextPendingJobExecutionRequest, { params: { thingName: 't1' }, query: { verbose: 'true' }, body: undefined }),
      /verbose is not supported by this service/,
    );
    assert.throws(
      () => parseOrThrow(createJobRequest, createJob({}, { timeoutConfig: { inProgressTimeoutInMinutes: 5, graceInMinutes: 1 } })),
      /timeoutConfig\.graceInMinutes is not supported by this service/,
    );
  });
  it('refuses a body that is not a JSON object', () => {
    assert.throws(
      () => parseOrThrow(updateJobExecutionRequest, { params: { thingName: 't1', jobId: 'j' }, query: {}, body: [] }),
      /Request body must be a JSON object/,
    );
  });
});

describe('CreateJob body', () => {
  expectCases(
    createJobRequest,
    [
      ['no targets', false, createJob({}, { targets: [] })],
      ['a thing-group target', true, createJob({}, { targets: ['arn:aws:iot:us-east-1:123456789012:thinggroup/g'] })],
      ['a thing-group ARN with a bad name', false, createJob({}, { targets: ['arn:aws:iot:us-east-1:123456789012:thinggroup/g/h'] })],
      ['a non-ARN target', false, createJob({}, { targets: ['t1'] })],
    ],
    'targets',
  );
  expectCases(
    createJobRequest,
    [
      ['a 32768-character document', true, createJob({}, { document: 'd'.repeat(32768) })],
      ['a 32769-character document', false, createJob({}, { document: 'd'.repeat(32769) })],
      ['no document', false, createJob({}, { document: undefined })],
    ],
    'document',
  );
  expectCases(
    createJobRequest,
    [
      ['inProgressTimeoutInMinutes 10080', true, createJob({}, { timeoutConfig: { inProgressTimeoutInMinutes: 10080 } })],
      ['inProgressTimeoutInMinutes 0', false, createJob({}, { timeoutConfig: { inProgressTimeoutInMinutes: 0 } })],
    ],
    'timeoutConfig.inProgressTimeoutInMinutes',
  );
  expectCases(createJobRequest, [['a control character in the description', false, createJob({}, { description: 'a\u0007b' })]], 'description');
  it('says which target is not a thing or thing group ARN', () => {
    assert.throws(
      () => parseOrThrow(createJobRequest, createJob({}, { targets: [THING_ARN, 'arn:aws:iot:us-east-1:123456789012:thinggroups/g'] })),
      /at 'targets\.1' failed to satisfy constraint: Member must be a thing or thing group ARN/,
    );
  });
});

describe('CancelJob and ListJobs', () => {
  it('reasonCode must be upper-case letters, digits and underscores', async () => {
    const { cancelJobRequest } = await import('#jobs/http');
    const cancel = (reasonCode: string) => ({ params: { jobId: 'j' }, query: {}, body: { reasonCode } });
    assert.doesNotThrow(() => parseOrThrow(cancelJobRequest, cancel('BAD_BUILD_7')));
    assert.throws(() => parseOrThrow(cancelJobRequest, cancel('bad build')), /'reasonCode'/);
  });
  it('ListJobs takes thingGroupName and thingGroupId filters; a malformed thingGroupId is refused naming it', () => {
    assert.doesNotThrow(() => parseOrThrow(listJobsRequest, { params: {}, query: { thingGroupName: 'fleet' }, body: undefined }));
    assert.doesNotThrow(() => parseOrThrow(listJobsRequest, { params: {}, query: { thingGroupId: '0b7c-42' }, body: undefined }));
    assert.throws(() => parseOrThrow(listJobsRequest, { params: {}, query: { thingGroupId: 'not an id' }, body: undefined }), /'thingGroupId'/);
  });
  it('counts every failed field in one message', () => {
    assert.throws(
      () => parseOrThrow(listJobsRequest, { params: {}, query: { status: 'DONE', maxResults: '0' }, body: undefined }),
      /2 validation errors detected: .*'status'.*; .*'maxResults'/,
    );
  });
});
