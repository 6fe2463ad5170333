import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DomainError,
  isPendingExecutionStatus,
  isTerminalExecutionStatus,
  jobExecutionStreamId,
  jobStreamId,
  JOB_EXECUTION_STATUSES,
  MAX_JOB_TARGETS,
  parseJobTargets,
  parseThingArn,
} from '#jobs/domain';

const refusal = (run: () => unknown) => assert.throws(run, (error: unknown) => error instanceof DomainError && error.code === 'InvalidRequest');

describe('thing ARNs', () => {
  it('parses region, account and a thing name with colons', () => {
    assert.deepEqual(parseThingArn('arn:aws:iot:us-east-1:123456789012:thing/t:1_a-b'), {
      thingName: 't:1_a-b',
      thingArn: 'arn:aws:iot:us-east-1:123456789012:thing/t:1_a-b',
      region: 'us-east-1',
      accountId: '123456789012',
    });
    assert.equal(parseThingArn('arn:aws-cn:iot:cn-north-1:123456789012:thing/x').thingName, 'x');
  });

  it('refuses thing groups, other services, bad accounts and bad names', () => {
    refusal(() => parseThingArn('arn:aws:iot:us-east-1:123456789012:thinggroup/g'));
    refusal(() => parseThingArn('arn:aws:s3:us-east-1:123456789012:thing/t'));
    refusal(() => parseThingArn('arn:aws:iot:us-east-1:1234:thing/t'));
    refusal(() => parseThingArn('arn:aws:iot:us-east-1:123456789012:thing/a/b'));
    refusal(() => parseThingArn(`arn:aws:iot:us-east-1:123456789012:thing/${'x'.repeat(129)}`));
  });

  it('limits a job to MAX_JOB_TARGETS distinct things and one ARN per thing name', () => {
    const arn = (name: string, account = '123456789012') => `arn:aws:iot:us-east-1:${account}:thing/${name}`;
    assert.equal(parseJobTargets(Array.from({ length: MAX_JOB_TARGETS }, (_, i) => arn(`t${i}`))).length, MAX_JOB_TARGETS);
    refusal(() => parseJobTargets(Array.from({ length: MAX_JOB_TARGETS + 1 }, (_, i) => arn(`t${i}`))));
    refusal(() => parseJobTargets([arn('t'), arn('t', '210987654321')]));
  });
});

describe('status helpers and stream ids', () => {
  it('splits the eight statuses into two pending and six terminal', () => {
    assert.deepEqual(JOB_EXECUTION_STATUSES.filter(isPendingExecutionStatus), ['QUEUED', 'IN_PROGRESS']);
    assert.deepEqual(JOB_EXECUTION_STATUSES.filter(isTerminalExecutionStatus), [
      'SUCCEEDED',
      'FAILED',
      'TIMED_OUT',
      'REJECTED',
      'REMOVED',
      'CANCELED',
    ]);
  });

  it('names the streams', () => {
    assert.equal(jobExecutionStreamId('job-1', 't:1'), 'job-execution/job-1/t:1');
    assert.equal(jobStreamId('job-1'), 'job/job-1');
  });
});
