import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DomainError } from '#jobs/domain';
import { MqttRequestError, notifyNextPayload, notifyPayload, parseJobsTopic, parsePayload, thingsChangedBy, toRejection } from '#jobs/mqtt';
import type { JobExecutionView } from '#jobs/application';

describe('parseJobsTopic', () => {
  const cases: Array<[string, unknown]> = [
    ['$aws/things/t1/jobs/get', { type: 'request', thingName: 't1', operation: { kind: 'get-pending' } }],
    ['$aws/things/t1/jobs/start-next', { type: 'request', thingName: 't1', operation: { kind: 'start-next' } }],
    ['$aws/things/t1/jobs/$next/get', { type: 'request', thingName: 't1', operation: { kind: 'describe', jobId: '$next' } }],
    ['$aws/things/t1/jobs/job-1/get', { type: 'request', thingName: 't1', operation: { kind: 'describe', jobId: 'job-1' } }],
    ['$aws/things/t1/jobs/job-1/update', { type: 'request', thingName: 't1', operation: { kind: 'update', jobId: 'job-1' } }],
    ['$aws/things/t1/jobs/job-1/delete', { type: 'unknown', thingName: 't1' }],
    ['$aws/things/t1/jobs/nonsense', { type: 'unknown', thingName: 't1' }],
    ['$aws/things/t1/jobs/a/b/c', { type: 'unknown', thingName: 't1' }],
    ['$aws/things/t1/jobs/get/accepted', { type: 'ignored' }],
    ['$aws/things/t1/jobs/job-1/update/rejected', { type: 'ignored' }],
    ['$aws/things/t1/jobs/notify', { type: 'ignored' }],
    ['$aws/things/t1/jobs/notify-next', { type: 'ignored' }],
    ['$aws/things/t1/shadow/get', { type: 'ignored' }],
    ['other/topic', { type: 'ignored' }],
  ];
  for (const [topic, expected] of cases) it(topic, () => assert.deepEqual(parseJobsTopic(topic), expected));
});

describe('parsePayload', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it('reads an empty payload as {}', () => assert.deepEqual(parsePayload(new Uint8Array()), {}));
  it('keeps unknown members (the schemas ignore them)', () => assert.deepEqual(parsePayload(bytes('{"a":1}')), { a: 1 }));
  for (const bad of ['not json', '[1]', '3', 'null', '"text"']) {
    it(`refuses ${bad} as InvalidJson`, () => {
      assert.throws(
        () => parsePayload(bytes(bad)),
        (error: unknown) => error instanceof MqttRequestError && error.code === 'InvalidJson',
      );
    });
  }
  it('refuses bytes that are not UTF-8 as InvalidJson', () => {
    assert.throws(
      () => parsePayload(new Uint8Array([0x7b, 0xff, 0x7d])),
      (error: unknown) => error instanceof MqttRequestError && error.code === 'InvalidJson',
    );
  });
});

describe('toRejection: every error becomes one documented code', () => {
  const state = { executionState: { status: 'IN_PROGRESS', statusDetails: {}, versionNumber: 3 } };
  it('VersionMismatch, with the current state, for an expectedVersion mismatch', () => {
    const rejection = toRejection(new DomainError('InvalidStateTransition', 'expected version 9', { reason: 'VersionMismatch', ...state }));
    assert.deepEqual(rejection, {
      code: 'VersionMismatch',
      message: 'expected version 9',
      executionState: { status: 'IN_PROGRESS', versionNumber: 3 },
    });
  });
  it('InvalidStateTransition with the current state', () => {
    const rejection = toRejection(
      new DomainError('InvalidStateTransition', 'canceled', { executionState: { status: 'CANCELED', statusDetails: { a: 'b' }, versionNumber: 4 } }),
    );
    assert.deepEqual(rejection, {
      code: 'InvalidStateTransition',
      message: 'canceled',
      executionState: { status: 'CANCELED', statusDetails: { a: 'b' }, versionNumber: 4 },
    });
  });
  it('ResourceNotFound and InvalidRequest without a state', () => {
    assert.deepEqual(toRejection(new DomainError('ResourceNotFound', 'gone', state)), { code: 'ResourceNotFound', message: 'gone' });
    assert.deepEqual(toRejection(new DomainError('InvalidRequest', 'bad')), { code: 'InvalidRequest', message: 'bad' });
  });
  it("the edge's own refusals keep their code", () => {
    assert.deepEqual(toRejection(new MqttRequestError('InvalidTopic', 'no such')), { code: 'InvalidTopic', message: 'no such' });
  });
  it('anything else is an unexpected InternalError that says nothing about the cause', () => {
    assert.deepEqual(toRejection(new Error('connection refused to 10.0.0.3')), {
      code: 'InternalError',
      message: 'An internal error occurred',
      unexpected: true,
    });
  });
});

describe('notification payloads', () => {
  const now = new Date('2026-01-02T03:04:05.678Z');
  const view = (jobId: string, status: 'QUEUED' | 'IN_PROGRESS'): JobExecutionView => ({
    jobId,
    thingName: 't1',
    thingArn: 'arn:aws:iot:us-east-1:123456789012:thing/t1',
    executionNumber: 1,
    status,
    forceCanceled: false,
    statusDetails: {},
    versionNumber: 1,
    retryAttempt: 0,
    queuedAt: new Date('2026-01-02T03:00:00.900Z'),
    lastUpdatedAt: new Date('2026-01-02T03:00:00.900Z'),
  });
  it('notify groups at most ten summaries by status, whole seconds', () => {
    const pending = [view('p', 'IN_PROGRESS'), ...Array.from({ length: 12 }, (_, i) => view(`q${i}`, 'QUEUED'))];
    const payload = notifyPayload(pending, now) as { timestamp: number; jobs: Record<string, Array<{ jobId: string; queuedAt: number }>> };
    assert.equal(payload.timestamp, 1767323045);
    assert.equal(payload.jobs['IN_PROGRESS']!.length, 1);
    assert.equal(payload.jobs['QUEUED']!.length, 9);
    assert.equal(payload.jobs['QUEUED']![0]!.queuedAt, 1767322800);
  });
  it('notify with nothing pending is "jobs": {}', () => assert.deepEqual(notifyPayload([], now), { timestamp: 1767323045, jobs: {} }));
  it('notify-next carries the front with its document as an object, or only the timestamp', () => {
    const payload = notifyNextPayload(view('a', 'QUEUED'), '{"op":"reboot"}', now) as { execution: Record<string, unknown> };
    assert.deepEqual(payload.execution['jobDocument'], { op: 'reboot' });
    assert.deepEqual(notifyNextPayload(undefined, undefined, now), { timestamp: 1767323045 });
  });
});

describe('thingsChangedBy', () => {
  it('names each thing of an execution event once, and ignores job events', () => {
    const things = thingsChangedBy([
      { type: 'JobExecutionQueued', data: { thingName: 'a' } },
      { type: 'JobCreated', data: { jobId: 'j' } },
      { type: 'JobExecutionCanceled', data: { thingName: 'b' } },
      { type: 'JobExecutionStarted', data: { thingName: 'a' } },
    ]);
    assert.deepEqual(things, ['a', 'b']);
  });
});
