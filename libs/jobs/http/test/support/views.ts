import type { DeviceJobExecution, JobExecutionView, JobView } from '#jobs/application';

/** Realistic views for the scripted handlers to return. */
export const QUEUED_AT = new Date('2026-03-01T10:00:00.123Z');
export const STARTED_AT = new Date('2026-03-01T10:05:00.456Z');
export const UPDATED_AT = new Date('2026-03-01T10:06:00.789Z');

export function executionView(overrides: Partial<DeviceJobExecution> = {}): DeviceJobExecution {
  return {
    jobId: 'job-1',
    thingName: 'thing-1',
    thingArn: 'arn:aws:iot:us-east-1:123456789012:thing/thing-1',
    executionNumber: 1,
    status: 'IN_PROGRESS',
    forceCanceled: false,
    statusDetails: { progress: '10' },
    versionNumber: 2,
    retryAttempt: 0,
    queuedAt: QUEUED_AT,
    startedAt: STARTED_AT,
    lastUpdatedAt: UPDATED_AT,
    ...overrides,
  };
}

export function queuedExecutionView(overrides: Partial<JobExecutionView> = {}): JobExecutionView {
  const { startedAt: _started, ...queued } = executionView({ status: 'QUEUED', versionNumber: 1, statusDetails: {} });
  return { ...queued, ...overrides };
}

export function jobView(overrides: Partial<JobView> = {}): JobView {
  return {
    jobId: 'job-1',
    jobArn: 'arn:aws:iot:us-east-1:123456789012:job/job-1',
    status: 'IN_PROGRESS',
    targetSelection: 'SNAPSHOT',
    targets: ['arn:aws:iot:us-east-1:123456789012:thing/thing-1'],
    description: 'firmware 2.1',
    document: '{"operation":"install"}',
    forceCanceled: false,
    isConcurrent: false,
    createdAt: QUEUED_AT,
    lastUpdatedAt: UPDATED_AT,
    jobProcessDetails: {
      numberOfCanceledThings: 0,
      numberOfSucceededThings: 0,
      numberOfFailedThings: 0,
      numberOfRejectedThings: 0,
      numberOfQueuedThings: 0,
      numberOfInProgressThings: 1,
      numberOfRemovedThings: 0,
      numberOfTimedOutThings: 0,
    },
    ...overrides,
  };
}
